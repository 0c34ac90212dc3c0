import { runDataPrepare } from '../src/dataset/index.ts';

process.exitCode = await runDataPrepare(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
});
