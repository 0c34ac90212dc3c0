import type pg from 'pg';
import type { RequestLogWriterStats } from '../requestLogWriter.ts';
import { REQUEST_COLUMNS, type RequestRow, requestRowValues } from '../requestRow.ts';
import { describePostgresError } from './connect.ts';

export interface PostgresRequestLogWriterOptions {
  /** Rows wait at most this long in memory before they are committed (the crash-loss window). */
  flushIntervalMs?: number;
  /** A queue this long is committed at once, without waiting for the timer. */
  maxQueueRows?: number;
  /** Rows kept while the database refuses writes; beyond it the oldest are dropped (and counted). */
  maxBufferedRows?: number;
  onFlushError?: (error: Error, queuedRows: number) => void;
}

// One statement per batch: the batch's columns as arrays, unnested into rows server-side (one
// round trip and one parse whatever the batch size; faster than a multi-row VALUES list).
const INSERT_BATCH_SQL = `INSERT INTO requests (${REQUEST_COLUMNS.map((c) => c.name).join(', ')})
  SELECT * FROM unnest(${REQUEST_COLUMNS.map((c, i) => `$${i + 1}::${c.postgresType}[]`).join(', ')})`;

/** A queued batch: one array per column of REQUEST_COLUMNS. */
type Columns = unknown[][];
const emptyColumns = (): Columns => REQUEST_COLUMNS.map(() => []);

/**
 * The request-log writer on PostgreSQL, with the SQLite writer's contract: `write` queues the row in
 * memory; every `flushIntervalMs` (or at `maxQueueRows`) the queue is committed as ONE statement in
 * its own transaction, one commit in flight at a time. The I/O is the pg driver's (non-blocking
 * sockets), so nothing waits on the event loop. A failed commit keeps its rows and retries them at
 * the next tick (bounded by `maxBufferedRows`, the excess counted as dropped); `flush()` and
 * `close()` resolve once everything queued is committed, so a graceful stop loses nothing and a
 * hard crash at most the last `flushIntervalMs` of rows plus the commit in flight.
 *
 * @example
 * const writer = new PostgresRequestLogWriter(pool, { flushIntervalMs: 50 });
 * writer.write(row);
 * await writer.close();
 */
export class PostgresRequestLogWriter {
  readonly flushIntervalMs: number;
  readonly maxQueueRows: number;
  readonly maxBufferedRows: number;
  private queue: Columns = emptyColumns();
  private queued = 0;
  /** Rows of the commit in flight: not committed yet, so still counted as queued. */
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private committing: Promise<void> | null = null;
  private closed = false;
  private readonly counters = {
    writtenRows: 0,
    droppedRows: 0,
    flushes: 0,
    lastError: null as string | null,
  };
  private readonly onFlushError: (error: Error, queuedRows: number) => void;

  constructor(
    private readonly pool: pg.Pool,
    {
      flushIntervalMs = 50,
      maxQueueRows = 1_000,
      maxBufferedRows = 100_000,
      onFlushError = () => {},
    }: PostgresRequestLogWriterOptions = {},
  ) {
    this.flushIntervalMs = flushIntervalMs;
    this.maxQueueRows = maxQueueRows;
    this.maxBufferedRows = maxBufferedRows;
    this.onFlushError = onFlushError;
  }

  get stats(): RequestLogWriterStats {
    return { ...this.counters, queuedRows: this.queued + this.inFlight };
  }

  /** Queue one row; it is committed within `flushIntervalMs`. Throws after `close()`. */
  write(row: RequestRow): void {
    if (this.closed)
      throw new Error('PostgresRequestLogWriter.write: the writer is closed; rows can no longer be logged.');
    const values = requestRowValues(row);
    for (let i = 0; i < values.length; i++) this.queue[i].push(values[i]);
    this.queued++;
    if (this.queued >= this.maxQueueRows) void this.commitQueued();
    else this.timer ??= setTimeout(() => void this.commitQueued(), this.flushIntervalMs);
  }

  /** Commit every queued row; resolves with the number of rows committed meanwhile. */
  async flush(): Promise<number> {
    const before = this.counters.writtenRows;
    // A commit in flight may have failed and re-queued its rows: loop until empty or failing.
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.commitQueued();
      if (this.queued === 0) break;
    }
    return this.counters.writtenRows - before;
  }

  /** Commit everything, refuse further rows. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private commitQueued(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One commit at a time, in order: the next starts when the one in flight settled.
    const previous = this.committing ?? Promise.resolve();
    const next = previous.then(() => this.commitOnce());
    this.committing = next.finally(() => {
      if (this.committing === next) this.committing = null;
    });
    return next;
  }

  private async commitOnce(): Promise<void> {
    if (this.queued === 0) return;
    const batch = this.queue;
    const rows = this.queued;
    this.queue = emptyColumns();
    this.queued = 0;
    this.inFlight = rows;
    try {
      await this.pool.query(INSERT_BATCH_SQL, batch);
      this.inFlight = 0;
      this.counters.writtenRows += rows;
      this.counters.flushes++;
      this.counters.lastError = null;
    } catch (error) {
      this.inFlight = 0;
      this.requeue(batch, rows);
      this.counters.lastError = describePostgresError(error);
      this.onFlushError(error as Error, this.queued);
      if (!this.closed) this.timer ??= setTimeout(() => void this.commitQueued(), this.flushIntervalMs);
    }
  }

  /** Put a failed batch back in front of the rows queued meanwhile, dropping the oldest beyond the bound. */
  private requeue(batch: Columns, rows: number): void {
    const total = rows + this.queued;
    const drop = Math.max(0, total - this.maxBufferedRows);
    this.queue = batch.map((column, i) => [...column, ...this.queue[i]].slice(drop));
    this.queued = total - drop;
    this.counters.droppedRows += drop;
  }
}
