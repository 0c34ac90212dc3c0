import type Database from 'better-sqlite3';

export const DAY_MS = 86_400_000;

/** Rows one retention step deletes: one short transaction, so row commits wait at most that long. */
export const RETENTION_CHUNK_ROWS = 5000;

/**
 * One bounded step of retention: delete at most `chunkRows` expired request rows (oldest first),
 * then, once those are gone, at most `chunkRows` expired feedback rows, each in its own short
 * transaction. Returns what went; fewer than `chunkRows` of both means nothing expired is left.
 * Runs on the request-log writer thread, shipped as source: it names no module constant.
 */
export function deleteExpiredChunk(
  db: Pick<Database.Database, 'prepare'>,
  cutoffMs: number,
  chunkRows: number,
): { requests: number; feedback: number } {
  const requests = db
    .prepare(
      'DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE ts_ms < ? ORDER BY ts_ms LIMIT ?)',
    )
    .run(cutoffMs, chunkRows).changes;
  const feedback =
    requests < chunkRows
      ? db
          .prepare('DELETE FROM feedback WHERE id IN (SELECT id FROM feedback WHERE ts_ms < ? LIMIT ?)')
          .run(cutoffMs, chunkRows).changes
      : 0;
  return { requests, feedback };
}

/** The cut-off of `retentionDays` before `nowMs` (rows older than it expire). */
export function retentionCutoffMs(retentionDays: number, nowMs: number): number {
  if (!(retentionDays > 0)) {
    throw new RangeError(
      `deleteExpiredRows: retentionDays must be > 0 (RETENTION_DAYS), got ${retentionDays}.`,
    );
  }
  return nowMs - retentionDays * DAY_MS;
}

/**
 * Delete request-log rows (and feedback rows) older than `retentionDays` days before `nowMs`, in
 * chunks of `chunkRows` (see {@link deleteExpiredChunk}), on the caller's thread: for tools and
 * tests. The service runs the same chunks on its writer thread (`RequestLogWriter.deleteExpiredRows`).
 *
 * @example
 * deleteExpiredRows(db, 30); // { requests: 1200, feedback: 14 }
 */
export function deleteExpiredRows(
  db: Database.Database,
  retentionDays: number,
  nowMs = Date.now(),
  chunkRows = RETENTION_CHUNK_ROWS,
): { requests: number; feedback: number } {
  const cutoffMs = retentionCutoffMs(retentionDays, nowMs);
  const total = { requests: 0, feedback: 0 };
  for (;;) {
    const step = deleteExpiredChunk(db, cutoffMs, chunkRows);
    total.requests += step.requests;
    total.feedback += step.feedback;
    if (step.requests < chunkRows && step.feedback < chunkRows) return total;
  }
}
