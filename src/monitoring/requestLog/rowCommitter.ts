import { INSERT_REQUEST_SQL } from './requestRow.ts';
import { type EncodedRows, forEachRowValues } from './rowBatch.ts';

/** Cumulative counters of a committer, sent to the main thread after every attempt. */
export interface CommitStatus {
  writtenRows: number;
  droppedRows: number;
  pendingRows: number;
  flushes: number;
  lastError: string | null;
  /** The attempt this status reports failed (lastError says why). */
  failed: boolean;
}

interface Statement {
  run(...values: unknown[]): unknown;
}
interface Connection {
  prepare(sql: string): Statement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

/**
 * Commits handed-over batches of rows in ONE transaction per attempt, keeping them when the
 * database refuses (bounded: beyond `maxBufferedRows` the oldest batches are dropped and counted).
 * The same class runs in the writer thread and, for an in-memory database that no other thread can
 * open, on the caller's thread.
 */
export class RowCommitter {
  private pending: EncodedRows[] = [];
  private readonly status: CommitStatus = RowCommitter.initialStatus();
  private readonly insertAll: (batches: EncodedRows[]) => void;

  /** The status before any commit (also the writer's until the thread's first report). */
  static initialStatus(): CommitStatus {
    return { writtenRows: 0, droppedRows: 0, pendingRows: 0, flushes: 0, lastError: null, failed: false };
  }

  constructor(
    db: Connection,
    private readonly maxBufferedRows: number,
  ) {
    const insert = db.prepare(INSERT_REQUEST_SQL);
    const insertValues = (values: unknown[]) => insert.run(...values);
    this.insertAll = db.transaction((batches: EncodedRows[]) => {
      for (const rows of batches) forEachRowValues(rows, insertValues);
    });
  }

  add(rows: EncodedRows): void {
    if (rows.count === 0) return;
    this.pending.push(rows);
    this.status.pendingRows += rows.count;
  }

  /** Commit everything pending; returns the status after the attempt. */
  commit(): CommitStatus {
    const status = this.status;
    status.failed = false;
    if (this.pending.length === 0) return { ...status };
    try {
      this.insertAll(this.pending);
      status.writtenRows += status.pendingRows;
      status.flushes++;
      status.lastError = null;
      this.pending = [];
      status.pendingRows = 0;
    } catch (error) {
      status.failed = true;
      status.lastError = error instanceof Error ? error.message : String(error);
      while (status.pendingRows > this.maxBufferedRows && this.pending.length > 1) {
        const oldest = this.pending.shift() as EncodedRows;
        status.pendingRows -= oldest.count;
        status.droppedRows += oldest.count;
      }
    }
    return { ...status };
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
