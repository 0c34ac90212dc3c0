import { runScoreCli } from '../src/scoring/scoreCli.ts';

process.exitCode = await runScoreCli(process.argv.slice(2));
