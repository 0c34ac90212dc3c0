import { runRollbackCli } from '../src/training/cli/index.ts';

process.exitCode = await runRollbackCli(process.argv.slice(2));
