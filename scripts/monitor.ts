import { runMonitor } from '../src/monitoring/cli/runMonitor.ts';
import { runMonitorWatch } from '../src/monitoring/cli/watchCommand.ts';

const io = {
  stdout: (text: string) => process.stdout.write(`${text}\n`),
  stderr: (text: string) => process.stderr.write(`${text}\n`),
  env: process.env,
  progress: process.stderr.isTTY === true,
};
const [first, ...rest] = process.argv.slice(2);
process.exitCode =
  first === 'watch' ? await runMonitorWatch(rest, io) : runMonitor(process.argv.slice(2), io);
