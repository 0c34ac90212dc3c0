import type Database from 'better-sqlite3';
import type { RequestStore } from './requestStore.ts';
import { DAY_MS, deleteExpiredRows } from './retention.ts';

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
