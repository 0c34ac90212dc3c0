import { parseDurationMs } from './duration.ts';

/** The period a report covers, `[fromMs, toMs)`, cut into buckets of `bucketMs` for time series. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  buckets: number;
}

export const MAX_BUCKETS = 500;

/**
 * Resolve `since` (how far back) and `window` (bucket size) — durations like `24h`, `1h` — against now.
 *
 * @example
 * resolveTimeWindow({ since: '24h', window: '1h' }); // 24 hourly buckets ending now
 */
export function resolveTimeWindow({
  since = '24h',
  window = '1h',
  nowMs = Date.now(),
}: {
  since?: string;
  window?: string;
  nowMs?: number;
} = {}): TimeWindow {
  const sinceMs = parseDurationMs(since, 'since');
  const bucketMs = Math.min(parseDurationMs(window, 'window'), sinceMs);
  const buckets = Math.ceil(sinceMs / bucketMs);
  if (buckets > MAX_BUCKETS) {
    throw new RangeError(
      `since=${since} with window=${window} makes ${buckets} buckets; at most ${MAX_BUCKETS}: use a larger window.`,
    );
  }
  const toMs = nowMs + 1; // include a row logged in this very millisecond
  return { fromMs: toMs - sinceMs, toMs, bucketMs, buckets };
}

/** Start time of every bucket of the window. */
export function bucketStarts(window: TimeWindow): number[] {
  return Array.from({ length: window.buckets }, (_, b) => window.fromMs + b * window.bucketMs);
}
