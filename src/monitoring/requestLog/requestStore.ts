import type Database from 'better-sqlite3';
import type { FeedbackInput } from './feedback.ts';
import type { RequestLogWriterOptions, RequestLogWriterStats } from './requestLogWriter.ts';
import { RequestLogWriter } from './requestLogWriter.ts';
import type { RequestRow } from './requestRow.ts';

/** The request path's view of a writer: queue a row (no I/O), and the counters /readyz and /metrics read. */
export interface RequestLogSink {
  write(row: RequestRow): void;
  readonly stats: RequestLogWriterStats;
  /** Commit what is queued (SQLite: synchronously; PostgreSQL: resolves once committed). */
  flush(): number | Promise<number>;
}

/** How a second connection (the report thread, a CLI) reaches the same request log. */
export type ReportDatabaseSpec =
  | { kind: 'sqlite'; path: string; busyTimeoutMs: number; memory: boolean }
  | { kind: 'postgres'; url: string };

/**
 * Where the service keeps its request log: SQLite (embedded, one process) or PostgreSQL (shared by
 * every replica). Both keep the same schema and the same flush-window promise; the service talks to
 * the store only through this interface.
 */
export interface RequestStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, for logs: a file path or `postgres://host:port/db` (never a password). */
  readonly location: string;
  readonly writer: RequestLogSink;
  /** For the monitoring report thread and the CLIs. */
  readonly reportDatabase: ReportDatabaseSpec;
  recordFeedback(input: FeedbackInput, nowMs?: number): Promise<{ id: number; matchedPredictions: number }>;
  deleteExpiredRows(retentionDays: number, nowMs?: number): Promise<{ requests: number; feedback: number }>;
  /** Why rows cannot be written now, or null (for /readyz). */
  writeProblem(): Promise<string | null>;
  /** Commit every queued row and close the connections. */
  close(): Promise<void>;
}

/**
 * The embedded store: an open SQLite request log (see openRequestLog) with its writer thread.
 *
 * @example
 * const store = sqliteRequestStore(openRequestLog('var/requests.sqlite').db, { flushIntervalMs: 50 });
 */
export function sqliteRequestStore(
  db: Database.Database,
  writerOptions: RequestLogWriterOptions = {},
): RequestStore {
  const writer = new RequestLogWriter(db, writerOptions);
  return {
    kind: 'sqlite',
    location: db.name,
    writer,
    reportDatabase: {
      kind: 'sqlite',
      path: db.name,
      busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
      memory: db.memory,
    },
    // Both on the writer thread: never on the event loop (a hot session id or 500k expired rows).
    recordFeedback: (input, nowMs) => writer.recordFeedback(input, nowMs),
    deleteExpiredRows: (retentionDays, nowMs) => writer.deleteExpiredRows(retentionDays, { nowMs }),
    async writeProblem() {
      if (writer.stats.lastError !== null)
        return `the last request-log flush failed: ${writer.stats.lastError}`;
      try {
        // Takes and releases the write lock: fails on a read-only or locked-out file.
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
        return null;
      } catch (error) {
        return `the request log cannot be written: ${(error as Error).message}`;
      }
    },
    async close() {
      writer.close();
    },
  };
}
