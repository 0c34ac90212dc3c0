import { runSimulatePolicyCli } from '../src/policies/cli/simulatePolicyCli.ts';

process.exitCode = await runSimulatePolicyCli(process.argv.slice(2));
