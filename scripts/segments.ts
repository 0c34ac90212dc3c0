import { runSegmentsCli } from '../src/segments/cli/segmentsCli.ts';

process.exitCode = await runSegmentsCli(process.argv.slice(2));
