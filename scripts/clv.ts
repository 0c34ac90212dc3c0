import { runClvCli } from '../src/training/cli/index.ts';

process.exitCode = await runClvCli(process.argv.slice(2));
