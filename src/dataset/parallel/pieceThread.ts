/**
 * The body of a prepare worker thread (started by PiecePool with startThread): takes pieces of a
 * log, one message each, and answers each with its result (row buffers transferred, not copied), or
 * with the error message. The thread lives for the whole run: both passes use it.
 */
import { parentPort } from 'node:worker_threads';
import { type PieceTask, parsePiece, resultBuffers } from './parsePiece.ts';

const port = parentPort;
if (port === null) throw new Error('pieceThread.ts runs as a worker thread (see startThread).');
port.on('message', (task: PieceTask) => {
  parsePiece(task).then(
    (result) => port.postMessage({ result }, resultBuffers(result)),
    (error: Error) => port.postMessage({ index: task.index, error: error.message }),
  );
});
