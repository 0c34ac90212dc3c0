import { runDefaultModelsCli } from '../src/training/cli/index.ts';

process.exitCode = await runDefaultModelsCli(process.argv.slice(2));
