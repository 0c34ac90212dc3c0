import { runMonitor } from '../src/monitoring/cli/runMonitor.ts';

process.exitCode = runMonitor(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  progress: process.stderr.isTTY === true,
});
