import type Database from 'better-sqlite3';
import type { RequestStore } from './requestStore.ts';

const DAY_MS = 86_400_000;

/**
 * Delete request-log rows (and feedback rows) older than `retentionDays` days before `nowMs`.
 * Returns how many rows of each table went.
 *
 * @example
 * deleteExpiredRows(db, 30); // { requests: 1200, feedback: 14 }
 */
export function deleteExpiredRows(
  db: Database.Database,
  retentionDays: number,
  nowMs = Date.now(),
): { requests: number; feedback: number } {
  if (!(retentionDays > 0)) {
    throw new RangeError(`deleteExpiredRows: retentionDays must be > 0, got ${retentionDays}.`);
  }
  const cutoffMs = nowMs - retentionDays * DAY_MS;
  return db.transaction(() => ({
    requests: db.prepare('DELETE FROM requests WHERE ts_ms < ?').run(cutoffMs).changes,
    feedback: db.prepare('DELETE FROM feedback WHERE ts_ms < ?').run(cutoffMs).changes,
  }))();
}

/**
 * Run {@link deleteExpiredRows} (on a SQLite database, or a store's own version) now and then every
 * `intervalMs` (a day by default). Returns the stop function. Failures go to `onError`; the
 * schedule keeps running.
 *
 * @example
 * const stop = scheduleRetention(db, 30, { onDeleted: (n) => logger.info(n, 'retention') });
 */
export function scheduleRetention(
  target: Database.Database | RequestStore,
  retentionDays: number,
  {
    intervalMs = DAY_MS,
    onDeleted = () => {},
    onError = () => {},
  }: {
    intervalMs?: number;
    onDeleted?: (deleted: { requests: number; feedback: number }) => void;
    onError?: (error: unknown) => void;
  } = {},
): () => void {
  const run = async () => {
    try {
      onDeleted(
        'deleteExpiredRows' in target
          ? await target.deleteExpiredRows(retentionDays)
          : deleteExpiredRows(target, retentionDays),
      );
    } catch (error) {
      onError(error);
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return function stopRetention() {
    clearInterval(timer);
  };
}
