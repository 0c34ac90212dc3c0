import type { Worker } from 'node:worker_threads';
import { startThread } from '../../ml/startThread.ts';
import type { PieceResult, PieceTask } from './parsePiece.ts';

const THREAD_URL = new URL('./pieceThread.ts', import.meta.url);

type ThreadMessage = { result: PieceResult } | { index: number; error: string };

/**
 * `threadCount` prepare threads, started once and kept for the whole run (both passes): a thread
 * start costs a fresh V8 isolate that compiles the parser and the feature code again. Tasks queue
 * and go to the first free thread; `run` resolves with the piece's result.
 *
 * @example
 * const pool = new PiecePool(2);
 * try { const result = await pool.run(task); } finally { await pool.close(); }
 */
export class PiecePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: PieceTask[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (result: PieceResult) => void; reject: (error: Error) => void }
  >();
  private failure: Error | null = null;
  private closing = false;

  constructor(readonly threadCount: number) {
    for (let t = 0; t < threadCount; t++) {
      const worker = startThread(THREAD_URL, { name: `prepare-${t}` });
      worker.on('message', (message: ThreadMessage) => this.settle(worker, message));
      worker.on('error', (error: Error) => this.fail(error));
      // A thread that ends on its own (killed, out of memory) would leave its piece waiting forever.
      worker.on('exit', (code) => {
        if (!this.closing)
          this.fail(new Error(`prepare thread ${t} exited (code ${code}) before the run ended`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Parse a piece on the next free thread. Task indexes must be unique among running tasks. */
  run(task: PieceTask): Promise<PieceResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<PieceResult>((resolve, reject) => {
      this.waiting.set(task.index, { resolve, reject });
      this.queue.push(task);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0)
      (this.idle.pop() as Worker).postMessage(this.queue.shift() as PieceTask);
  }

  private settle(worker: Worker, message: ThreadMessage): void {
    this.idle.push(worker);
    const index = 'result' in message ? message.result.index : message.index;
    const waiter = this.waiting.get(index);
    this.waiting.delete(index);
    if ('result' in message) waiter?.resolve(message.result);
    else waiter?.reject(new Error(`prepare thread failed on piece ${index}: ${message.error}`));
    this.dispatch();
  }

  /** A thread died: every task still waiting fails with its error. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    this.queue.length = 0;
  }
}
