import { runTrainCli } from '../src/training/cli/index.ts';

process.exitCode = await runTrainCli(process.argv.slice(2));
