import type Database from 'better-sqlite3';
import { featuresJson, INSERT_REQUEST_SQL, type RequestRow } from './requestRow.ts';

export interface RequestLogWriterOptions {
  /** Rows wait at most this long in memory before their transaction commits. */
  flushIntervalMs?: number;
  /** A queue this long is flushed at once, without waiting for the timer. */
  maxQueueRows?: number;
  /** Rows kept while the database refuses writes; beyond it the oldest are dropped (and counted). */
  maxBufferedRows?: number;
  /** Called when a flush fails (the rows stay queued and are retried on the next flush). */
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

/**
 * Batched writer of the request log: `write` only queues the row (no I/O on the request path); a
 * timer commits the queue in ONE transaction every `flushIntervalMs`, or at once when it reaches
 * `maxQueueRows`. A hard crash can lose at most the rows of the last `flushIntervalMs` (plus the
 * commit in progress); `close()` flushes everything, so a graceful stop loses nothing.
 *
 * @example
 * const writer = new RequestLogWriter(db, { flushIntervalMs: 50 });
 * writer.write(row);
 * writer.close(); // flushes
 */
export class RequestLogWriter {
  readonly flushIntervalMs: number;
  readonly maxQueueRows: number;
  readonly maxBufferedRows: number;
  private queue: RequestRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly insert: Database.Statement;
  private readonly insertAll: (rows: RequestRow[]) => void;
  private readonly onFlushError: (error: Error, queuedRows: number) => void;
  private readonly counters: Omit<RequestLogWriterStats, 'queuedRows'> = {
    writtenRows: 0,
    droppedRows: 0,
    flushes: 0,
    lastError: null,
  };

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
    this.insert = db.prepare(INSERT_REQUEST_SQL);
    this.insertAll = db.transaction((rows: RequestRow[]) => {
      for (const r of rows) {
        this.insert.run(
          r.tsMs,
          r.endpoint,
          r.requestId,
          r.clientSessionId,
          r.task,
          r.modelVersion,
          r.featureVersion,
          r.features === null ? null : featuresJson(r.features),
          r.prediction,
          r.decision,
          r.pageCount,
          r.latencyMs,
          r.status,
          r.errorReason,
        );
      }
    });
  }

  /** Queue one row; it is committed within `flushIntervalMs`. Throws after `close()`. */
  write(row: RequestRow): void {
    if (this.closed)
      throw new Error('RequestLogWriter.write: the writer is closed; rows can no longer be logged.');
    this.queue.push(row);
    if (this.queue.length >= this.maxQueueRows) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.flushIntervalMs);
      // A pending flush must not keep a finished process alive; close() flushes explicitly.
      this.timer.unref();
    }
  }

  /** Commit every queued row now, in one transaction. Returns the number of rows committed. */
  flush(): number {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return 0;
    const rows = this.queue;
    this.queue = [];
    try {
      this.insertAll(rows);
      this.counters.writtenRows += rows.length;
      this.counters.flushes++;
      this.counters.lastError = null;
      return rows.length;
    } catch (error) {
      // Keep the rows for the next attempt (bounded), so a briefly locked database loses nothing.
      this.queue = rows.concat(this.queue);
      const excess = this.queue.length - this.maxBufferedRows;
      if (excess > 0) {
        this.queue.splice(0, excess);
        this.counters.droppedRows += excess;
      }
      const err = error instanceof Error ? error : new Error(String(error));
      this.counters.lastError = err.message;
      this.onFlushError(err, this.queue.length);
      if (!this.closed && this.timer === null) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.flush();
        }, this.flushIntervalMs);
        this.timer.unref();
      }
      return 0;
    }
  }

  /** Flush and refuse further rows. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  get stats(): RequestLogWriterStats {
    return { ...this.counters, queuedRows: this.queue.length };
  }
}
