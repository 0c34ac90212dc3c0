/**
 * `report` at most once per `intervalMs`: calls in between are counted and the next report gets
 * their number (`suppressed`). For error logs that would otherwise repeat ten times a second, e.g. a
 * request log whose commits fail every flush while the disk is full.
 *
 * @example
 * const logFlushError = throttle(10_000, (suppressed, error: Error) => logger.error({ err: error.message, suppressed }, '…'));
 */
export function throttle<A extends unknown[]>(
  intervalMs: number,
  report: (suppressed: number, ...args: A) => void,
  nowMs: () => number = Date.now,
): (...args: A) => void {
  let lastMs = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return function throttled(...args: A): void {
    const now = nowMs();
    if (now - lastMs < intervalMs) {
      suppressed++;
      return;
    }
    lastMs = now;
    report(suppressed, ...args);
    suppressed = 0;
  };
}
