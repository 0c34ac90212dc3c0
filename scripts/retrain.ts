import { runRetrainCli } from '../src/training/cli/index.ts';

process.exitCode = await runRetrainCli(process.argv.slice(2));
