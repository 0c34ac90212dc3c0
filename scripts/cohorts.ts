import { runCohortsCli } from '../src/segments/cli/cohortsCli.ts';

process.exitCode = await runCohortsCli(process.argv.slice(2));
