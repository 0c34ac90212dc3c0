import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { type FeedbackInput, recordFeedback } from './feedback.ts';
import { featuresJson, INSERT_REQUEST_SQL } from './requestRow.ts';
import { deleteExpiredChunk } from './retention.ts';
import { type EncodedRows, insertEncodedRows } from './rowBatch.ts';
import { type CommitStatus, RowCommitter } from './rowCommitter.ts';

/** Messages to the writer thread: rows to commit, and an acknowledgement number to publish after. */
export interface ToWriterThread {
  rows?: EncodedRows;
  /** Commit now (else the rows wait for the thread's own timer, see `commitDelayMs`). */
  commit?: boolean;
  /** Store this number in the control word and wake the waiting caller (synchronous flush). */
  ack?: number;
  /** Commit, close the connection and end the thread. */
  close?: boolean;
  /** Work that must not run on the event loop; answered with a {@link WriterThreadReply}. */
  task?: WriterThreadTask;
}

/** /feedback's insert and bounded match count, or one retention run (bounded chunks). */
export type WriterThreadTask =
  | { ticket: number; kind: 'feedback'; input: FeedbackInput; nowMs: number; matchLimit: number }
  | { ticket: number; kind: 'retention'; cutoffMs: number; chunkRows: number };

/** The answer to a task, posted on the same port as the commit statuses (told apart by `ticket`). */
export type WriterThreadReply =
  | {
      ticket: number;
      result: { id: number; matchedPredictions: number } | { requests: number; feedback: number };
    }
  | { ticket: number; error: string; code: string | null };

/** What the thread starts with (workerData). */
export interface WriterThreadData {
  sqlitePath: string;
  dbPath: string;
  busyTimeoutMs: number;
  retryDelayMs: number;
  maxBufferedRows: number;
  insertSql: string;
  port: MessagePort;
  /** Int32 word 0: the last acknowledged number. */
  control: Int32Array;
}

/**
 * The body of the writer thread: its own connection to the request log, a RowCommitter, a commit
 * per handed-over batch (so inserts and WAL auto-checkpoints never run on the event loop), a retry
 * timer while the database refuses, and a status message after every attempt.
 */
function writerThreadMain(
  data: WriterThreadData,
  Database: new (
    path: string,
    options: { timeout: number },
  ) => ConstructorParameters<typeof RowCommitter>[0] & { pragma(s: string): unknown; close(): void },
  Committer: typeof RowCommitter,
  insertRows: ConstructorParameters<typeof RowCommitter>[3],
  recordOutcome: typeof recordFeedback,
  deleteChunk: typeof deleteExpiredChunk,
): void {
  const { port, control } = data;
  const db = new Database(data.dbPath, { timeout: data.busyTimeoutMs });
  db.pragma('synchronous = NORMAL');
  const committer = new Committer(db, data.insertSql, data.maxBufferedRows, insertRows);
  let retry: ReturnType<typeof setTimeout> | null = null;
  const commit = (): CommitStatus => {
    if (retry !== null) clearTimeout(retry);
    retry = null;
    const status = committer.commit();
    if (status.failed) retry = setTimeout(() => port.postMessage(commit()), data.retryDelayMs);
    return status;
  };
  const fail = (ticket: number, error: unknown) =>
    port.postMessage({
      ticket,
      error: error instanceof Error ? error.message : String(error),
      code: (error as { code?: string }).code ?? null,
    });
  // Retention deletes one chunk per turn of this thread's event loop, so the row batches handed
  // over meanwhile are committed between chunks instead of waiting for the whole run.
  const retain = (
    ticket: number,
    cutoffMs: number,
    chunkRows: number,
    total: { requests: number; feedback: number },
  ) => {
    try {
      const step = deleteChunk(db as never, cutoffMs, chunkRows);
      total.requests += step.requests;
      total.feedback += step.feedback;
      if (step.requests < chunkRows && step.feedback < chunkRows) port.postMessage({ ticket, result: total });
      else setImmediate(retain, ticket, cutoffMs, chunkRows, total);
    } catch (error) {
      fail(ticket, error);
    }
  };
  port.on('message', (message: ToWriterThread) => {
    if (message.rows) committer.add(message.rows);
    const task = message.task;
    if (task?.kind === 'feedback') {
      // Rows queued before the outcome are committed first, so the match count sees them.
      if (committer.hasPending) port.postMessage(commit());
      try {
        port.postMessage({
          ticket: task.ticket,
          result: recordOutcome(db as never, task.input, task.nowMs, task.matchLimit),
        });
      } catch (error) {
        fail(task.ticket, error);
      }
    }
    if (task?.kind === 'retention')
      retain(task.ticket, task.cutoffMs, task.chunkRows, { requests: 0, feedback: 0 });
    if (message.commit || message.close) port.postMessage(commit());
    if (message.close) {
      if (retry !== null) clearTimeout(retry);
      db.close();
      port.close();
    }
    if (message.ack !== undefined) {
      Atomics.store(control, 0, message.ack);
      Atomics.notify(control, 0);
    }
  });
}

/**
 * Start the writer thread for the request log at `dbPath`. The thread runs the already-transpiled
 * source of these functions (a worker cannot load a .ts module under every runner: tsx, vitest),
 * with `__name` defined for the name-keeping helper esbuild may insert.
 */
export function startWriterThread(options: {
  dbPath: string;
  busyTimeoutMs: number;
  retryDelayMs: number;
  maxBufferedRows: number;
}): { worker: Worker; port: MessagePort; control: Int32Array } {
  const channel = new MessageChannel();
  const control = new Int32Array(new SharedArrayBuffer(4));
  const data: WriterThreadData = {
    ...options,
    sqlitePath: createRequire(import.meta.url).resolve('better-sqlite3'),
    insertSql: INSERT_REQUEST_SQL,
    port: channel.port2,
    control,
  };
  const source = [
    'const __name = (target) => target;',
    `const featuresJson = ${featuresJson.toString()};`,
    `const insertEncodedRows = ${insertEncodedRows.toString()};`,
    `const RowCommitter = ${RowCommitter.toString()};`,
    `const recordFeedback = ${recordFeedback.toString()};`,
    `const deleteExpiredChunk = ${deleteExpiredChunk.toString()};`,
    'const { workerData } = require("node:worker_threads");',
    `(${writerThreadMain.toString()})(workerData, require(workerData.sqlitePath), RowCommitter,`,
    '  (insert, rows) => insertEncodedRows(insert, rows, featuresJson), recordFeedback, deleteExpiredChunk);',
  ].join('\n');
  // execArgv: [] — the source is plain JavaScript; the parent's loaders (tsx) would only slow the start.
  const worker = new Worker(source, {
    eval: true,
    execArgv: [],
    workerData: data,
    transferList: [channel.port2],
    name: 'request-log-writer',
  });
  return { worker, port: channel.port1, control };
}
