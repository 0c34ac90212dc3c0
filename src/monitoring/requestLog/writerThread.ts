/**
 * The body of the request-log writer thread (started by RequestLogWriter with startThread): its own
 * connection to the request log, a RowCommitter, a commit per handed-over batch (so inserts and WAL
 * auto-checkpoints never run on the event loop), a retry timer while the database refuses, a status
 * message after every attempt, and the tasks that must not run on the event loop either (/feedback's
 * insert, retention).
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { type FeedbackInput, recordFeedback } from './feedback.ts';
import { deleteExpiredChunk } from './retention.ts';
import type { EncodedRows } from './rowBatch.ts';
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
  dbPath: string;
  busyTimeoutMs: number;
  retryDelayMs: number;
  maxBufferedRows: number;
  port: MessagePort;
  /** Int32 word 0: the last acknowledged number. */
  control: Int32Array;
}

const data = workerData as WriterThreadData;
const { port, control } = data;
const db = new Database(data.dbPath, { timeout: data.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
const committer = new RowCommitter(db, data.maxBufferedRows);
let retry: ReturnType<typeof setTimeout> | null = null;

function commit(): CommitStatus {
  if (retry !== null) clearTimeout(retry);
  retry = null;
  const status = committer.commit();
  if (status.failed) retry = setTimeout(() => port.postMessage(commit()), data.retryDelayMs);
  return status;
}

function fail(ticket: number, error: unknown): void {
  port.postMessage({
    ticket,
    error: error instanceof Error ? error.message : String(error),
    code: (error as { code?: string }).code ?? null,
  } satisfies WriterThreadReply);
}

/**
 * Retention deletes one chunk per turn of this thread's event loop, so the row batches handed over
 * meanwhile are committed between chunks instead of waiting for the whole run.
 */
function retain(
  ticket: number,
  cutoffMs: number,
  chunkRows: number,
  total: { requests: number; feedback: number },
): void {
  try {
    const step = deleteExpiredChunk(db, cutoffMs, chunkRows);
    total.requests += step.requests;
    total.feedback += step.feedback;
    if (step.requests < chunkRows && step.feedback < chunkRows) port.postMessage({ ticket, result: total });
    else setImmediate(retain, ticket, cutoffMs, chunkRows, total);
  } catch (error) {
    fail(ticket, error);
  }
}

port.on('message', (message: ToWriterThread) => {
  if (message.rows) committer.add(message.rows);
  const task = message.task;
  if (task?.kind === 'feedback') {
    // Rows queued before the outcome are committed first, so the match count sees them.
    if (committer.hasPending) port.postMessage(commit());
    try {
      port.postMessage({
        ticket: task.ticket,
        result: recordFeedback(db, task.input, task.nowMs, task.matchLimit),
      } satisfies WriterThreadReply);
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
