/**
 * The body of a featurize worker thread (started by writeFeatureTableParallel with startThread):
 * takes pieces of a log, one message each, and answers each with its rows (buffers transferred, not
 * copied), or with the error message.
 */
import { parentPort } from 'node:worker_threads';
import { blockBuffers, featurizeRange, type RangeTask } from './featurizeRange.ts';

const port = parentPort;
if (port === null) throw new Error('featurizeThread.ts runs as a worker thread (see startThread).');
port.on('message', (task: RangeTask) => {
  featurizeRange(task).then(
    (block) => port.postMessage({ block }, blockBuffers(block)),
    (error: Error) => port.postMessage({ index: task.index, error: error.message }),
  );
});
