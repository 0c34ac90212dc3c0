import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { startThread } from '../../ml/startThread.ts';
import { FEEDBACK_MATCH_LIMIT, type FeedbackInput, recordFeedback } from './feedback.ts';
import type { RequestRow } from './requestRow.ts';
import { deleteExpiredRows, RETENTION_CHUNK_ROWS, retentionCutoffMs } from './retention.ts';
import { RowBatch } from './rowBatch.ts';
import { type CommitStatus, RowCommitter } from './rowCommitter.ts';
import type {
  ToWriterThread,
  WriterThreadData,
  WriterThreadReply,
  WriterThreadTask,
} from './writerThread.ts';

/** A write the database refused (disk full, read-only, locked): `code` is SQLite's, e.g. SQLITE_FULL. */
export class RequestLogWriteError extends Error {
  override name = 'RequestLogWriteError';
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface RequestLogWriterOptions {
  /** Rows wait at most this long in memory before they are handed over and committed. */
  flushIntervalMs?: number;
  /** A queue this long is handed over at once, without waiting for the timer. */
  maxQueueRows?: number;
  /** Rows kept while the database refuses writes; beyond it the oldest are dropped (and counted). */
  maxBufferedRows?: number;
  /** Called when a commit fails (the rows stay queued and are retried after `flushIntervalMs`). */
  onFlushError?: (error: Error, queuedRows: number) => void;
}

/** Counters of a writer, for /readyz and /metrics. */
export interface RequestLogWriterStats {
  writtenRows: number;
  droppedRows: number;
  queuedRows: number;
  flushes: number;
  lastError: string | null;
}

/** Longest wait of a synchronous flush beyond the connection's busy timeout. */
const SYNC_FLUSH_GRACE_MS = 10_000;

/**
 * Batched writer of the request log. `write` only encodes the row into the queued batch (no I/O);
 * every `flushIntervalMs` (or at `maxQueueRows`) the batch is handed, as one message whose number
 * buffer is transferred, to a writer thread with its own SQLite connection, which commits it in
 * ONE transaction. Inserts and WAL checkpoints thus never block the event loop. A hard
 * crash can lose at most the rows of the last `flushIntervalMs` plus the commit in progress;
 * `flush()` and `close()` wait for the thread's commit, so a graceful stop loses nothing. An
 * in-memory database cannot be opened by another thread: its rows are committed on the caller's
 * thread by the same code.
 *
 * @example
 * const writer = new RequestLogWriter(db, { flushIntervalMs: 50 });
 * writer.write(row);
 * writer.close(); // commits everything, ends the thread
 */
export class RequestLogWriter {
  readonly flushIntervalMs: number;
  readonly maxQueueRows: number;
  readonly maxBufferedRows: number;
  private readonly queue = new RowBatch();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private handedRows = 0;
  private ackNumber = 0;
  private status: CommitStatus = RowCommitter.initialStatus();
  private readonly onFlushError: (error: Error, queuedRows: number) => void;
  private readonly thread: { worker: Worker; port: MessagePort; control: Int32Array } | null;
  private threadFailure: string | null = null;
  private readonly inThread: RowCommitter | null;
  private readonly syncWaitMs: number;
  private readonly db: Database.Database;
  private nextTicket = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: never) => void; reject: (error: Error) => void }
  >();

  constructor(
    db: Database.Database,
    {
      flushIntervalMs = 50,
      maxQueueRows = 1_000,
      maxBufferedRows = 100_000,
      onFlushError = () => {},
    }: RequestLogWriterOptions = {},
  ) {
    this.flushIntervalMs = flushIntervalMs;
    this.maxQueueRows = maxQueueRows;
    this.maxBufferedRows = maxBufferedRows;
    this.onFlushError = onFlushError;
    this.db = db;
    const busyTimeoutMs = db.pragma('busy_timeout', { simple: true }) as number;
    this.syncWaitMs = busyTimeoutMs + SYNC_FLUSH_GRACE_MS;
    if (db.memory) {
      this.thread = null;
      this.inThread = new RowCommitter(db, maxBufferedRows);
      return;
    }
    this.inThread = null;
    this.thread = startWriterThread({
      dbPath: db.name,
      busyTimeoutMs,
      retryDelayMs: flushIntervalMs,
      maxBufferedRows,
    });
    this.thread.port.on('message', (message: CommitStatus | WriterThreadReply) => this.receive(message));
    this.thread.worker.on('error', (error) => this.threadEnded(`failed: ${(error as Error).message}`));
    this.thread.worker.on('exit', (code) => this.threadEnded(`exited with code ${code}`));
    // Neither the thread nor its port may keep a finished process alive; close() ends them.
    this.thread.worker.unref();
    this.thread.port.unref();
  }

  /**
   * Queue one row; it is committed within `flushIntervalMs`. The row is encoded at once (the
   * object is not kept). Throws after `close()`.
   */
  write(row: RequestRow): void {
    if (this.closed)
      throw new Error('RequestLogWriter.write: the writer is closed; rows can no longer be logged.');
    this.queue.append(row);
    if (this.queue.count >= this.maxQueueRows) this.handOver({ commit: true });
    else if (this.timer === null) this.schedule();
  }

  /**
   * Commit every queued row now and wait for the commit (blocks the caller: meant for shutdown,
   * tests and tools, not the request path). Returns the number of rows committed meanwhile.
   */
  flush(): number {
    const before = this.status.writtenRows;
    this.handOver({ commit: true }, true);
    return this.status.writtenRows - before;
  }

  /** Flush, end the writer thread and refuse further rows. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handOver({ close: true }, true);
    if (this.thread !== null) this.thread.port.close();
    // A retention run still in chunks when the thread closed will never answer.
    for (const waiter of this.waiting.values())
      waiter.reject(new Error('RequestLogWriter: closed before the answer.'));
    this.waiting.clear();
  }

  /**
   * Record a /feedback outcome on the writer thread (after committing the rows queued before it)
   * and resolve with its id and the matching predictions, counted up to `matchLimit`. Nothing of it
   * runs on the event loop. Rejects with a RequestLogWriteError when the database refuses.
   */
  recordFeedback(
    input: FeedbackInput,
    nowMs = Date.now(),
    matchLimit = FEEDBACK_MATCH_LIMIT,
  ): Promise<{ id: number; matchedPredictions: number }> {
    if (this.inThread !== null) {
      this.handOver({ commit: true });
      return this.inline(() => recordFeedback(this.db, input, nowMs, matchLimit));
    }
    return this.runTask((ticket) => ({ kind: 'feedback', ticket, input, nowMs, matchLimit }));
  }

  /**
   * Delete the rows older than `retentionDays` on the writer thread, `chunkRows` at a time with the
   * row commits in between: the event loop only waits for the answer.
   */
  deleteExpiredRows(
    retentionDays: number,
    { nowMs = Date.now(), chunkRows = RETENTION_CHUNK_ROWS }: { nowMs?: number; chunkRows?: number } = {},
  ): Promise<{ requests: number; feedback: number }> {
    const cutoffMs = retentionCutoffMs(retentionDays, nowMs);
    if (this.inThread !== null)
      return this.inline(() => deleteExpiredRows(this.db, retentionDays, nowMs, chunkRows));
    return this.runTask((ticket) => ({ kind: 'retention', ticket, cutoffMs, chunkRows }));
  }

  private inline<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(
        new RequestLogWriteError((error as Error).message, (error as { code?: string }).code ?? null),
      );
    }
  }

  private runTask<T>(task: (ticket: number) => WriterThreadTask): Promise<T> {
    if (this.closed) return Promise.reject(new Error('RequestLogWriter: the writer is closed.'));
    if (this.threadFailure !== null)
      return Promise.reject(new RequestLogWriteError(this.threadFailure, null));
    const ticket = ++this.nextTicket;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(ticket, { resolve: resolve as (value: never) => void, reject });
      this.handOver({ task: task(ticket) });
    });
  }

  private receive(message: CommitStatus | WriterThreadReply): void {
    if (!('ticket' in message)) {
      this.applyStatus(message);
      return;
    }
    const waiter = this.waiting.get(message.ticket);
    this.waiting.delete(message.ticket);
    if (!waiter) return;
    if ('error' in message) waiter.reject(new RequestLogWriteError(message.error, message.code));
    else waiter.resolve(message.result as never);
  }

  get stats(): RequestLogWriterStats {
    const { writtenRows, droppedRows, flushes } = this.status;
    const inFlight = this.handedRows - writtenRows - droppedRows;
    return {
      writtenRows,
      droppedRows,
      flushes,
      queuedRows: this.queue.count + inFlight,
      lastError: this.threadFailure ?? this.status.lastError,
    };
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.handOver({ commit: true });
    }, this.flushIntervalMs);
    // A pending flush must not keep a finished process alive; close() flushes explicitly.
    this.timer.unref();
  }

  private handOver(message: ToWriterThread, wait = false): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.queue.count > 0 ? this.queue.take() : undefined;
    this.handedRows += rows?.count ?? 0;
    if (this.inThread !== null) {
      if (rows) this.inThread.add(rows);
      this.applyStatus(this.inThread.commit());
      if (this.status.failed && !this.closed && this.timer === null) this.schedule();
      return;
    }
    const thread = this.thread as NonNullable<typeof this.thread>;
    if (this.threadFailure !== null) {
      this.status.droppedRows += rows?.count ?? 0;
      return;
    }
    const ack = wait ? ++this.ackNumber : undefined;
    // The numbers move to the thread without a copy; `take()` gave this side a fresh buffer.
    const transfer = rows ? [rows.numbers.buffer as ArrayBuffer] : [];
    thread.port.postMessage({ ...message, rows, ack } satisfies ToWriterThread, transfer);
    if (ack === undefined) return;
    // The thread's events cannot run while this waits: a thread that died is noticed by the deadline.
    const deadline = Date.now() + this.syncWaitMs;
    for (let seen = Atomics.load(thread.control, 0); seen < ack; seen = Atomics.load(thread.control, 0)) {
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) {
        this.threadEnded(`did not answer a flush within ${this.syncWaitMs} ms`);
        break;
      }
      Atomics.wait(thread.control, 0, seen, leftMs);
    }
    for (let m = receiveMessageOnPort(thread.port); m; m = receiveMessageOnPort(thread.port)) {
      this.receive(m.message as CommitStatus | WriterThreadReply);
    }
  }

  private applyStatus(status: CommitStatus): void {
    this.status = status;
    if (status.failed) {
      this.onFlushError(new Error(status.lastError ?? 'request log commit failed'), this.stats.queuedRows);
    }
  }

  /** The thread is gone: every row it held or will be handed is lost, and says so in lastError. */
  private threadEnded(reason: string): void {
    if (this.threadFailure !== null || this.closed) return;
    this.threadFailure = `the request-log writer thread ${reason}`;
    for (const waiter of this.waiting.values())
      waiter.reject(new RequestLogWriteError(this.threadFailure, null));
    this.waiting.clear();
    this.status = { ...this.status, droppedRows: this.handedRows - this.status.writtenRows };
    this.onFlushError(new Error(this.threadFailure), 0);
  }
}

/** Start the writer thread for the request log at `dbPath`, with a private port and an ack word. */
function startWriterThread(options: Omit<WriterThreadData, 'port' | 'control'>): {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
} {
  const channel = new MessageChannel();
  const control = new Int32Array(new SharedArrayBuffer(4));
  const workerData: WriterThreadData = { ...options, port: channel.port2, control };
  const worker = startThread(new URL('./writerThread.ts', import.meta.url), {
    workerData,
    transferList: [channel.port2],
    name: 'request-log-writer',
  });
  return { worker, port: channel.port1, control };
}
