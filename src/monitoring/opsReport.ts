import type Database from 'better-sqlite3';
import type { MonitoringThresholds } from './config.ts';
import { OPS_BY_ENDPOINT_SQL, OPS_OVER_TIME_SQL } from './queries.ts';
import { bucketStarts, type TimeWindow } from './timeWindow.ts';

export interface LatencyStats {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  /** 5xx share: failures of the service itself (4xx are the caller's, see the quality report). */
  serverErrorShare: number;
  meanLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
  maxLatencyMs: number | null;
}

export interface OpsReport {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  totalRequests: number;
  byEndpoint: (LatencyStats & { endpoint: string; modelVersion: string })[];
  /** One entry per bucket of the window, empty buckets included (requests 0). */
  overTime: (LatencyStats & { startMs: number })[];
  alerts: string[];
}

type Row = Omit<LatencyStats, 'serverErrorShare'>;
const withShare = <T extends Row>(row: T) => ({
  ...row,
  serverErrorShare: row.requests ? row.serverErrors / row.requests : 0,
});

/**
 * Volume, error share and p50/p95/p99 latency per endpoint and model version, and over time (SQL).
 *
 * @example
 * opsReport(db, resolveTimeWindow({ since: '24h', window: '1h' }), DEFAULT_THRESHOLDS).byEndpoint;
 */
export function opsReport(
  db: Database.Database,
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): OpsReport {
  const params = { fromMs: window.fromMs, toMs: window.toMs, bucketMs: window.bucketMs };
  const byEndpoint = (
    db.prepare(OPS_BY_ENDPOINT_SQL).all(params) as (Row & { endpoint: string; modelVersion: string })[]
  ).map(withShare);
  const rows = new Map(
    (db.prepare(OPS_OVER_TIME_SQL).all(params) as (Row & { bucket: number })[]).map((r) => [r.bucket, r]),
  );
  const empty: Row = {
    requests: 0,
    clientErrors: 0,
    serverErrors: 0,
    meanLatencyMs: null,
    p50LatencyMs: null,
    p95LatencyMs: null,
    p99LatencyMs: null,
    maxLatencyMs: null,
  };
  const overTime = bucketStarts(window).map((startMs, b) => {
    const { bucket: _bucket, ...row } = rows.get(b) ?? { bucket: b, ...empty };
    return { startMs, ...withShare(row) };
  });
  const alerts: string[] = [];
  for (const e of byEndpoint) {
    const label = `${e.endpoint} (${e.modelVersion})`;
    if (e.requests < thresholds.minWindowRows) continue;
    if (e.serverErrorShare >= thresholds.maxServerErrorShare) {
      alerts.push(
        `${label}: ${(100 * e.serverErrorShare).toFixed(2)} % server errors (${e.serverErrors} of ${e.requests}).`,
      );
    }
    if (e.p99LatencyMs !== null && e.p99LatencyMs >= thresholds.maxP99LatencyMs) {
      alerts.push(
        `${label}: p99 latency ${e.p99LatencyMs.toFixed(1)} ms ≥ ${thresholds.maxP99LatencyMs} ms.`,
      );
    }
  }
  const totalRequests = byEndpoint.reduce((sum, e) => sum + e.requests, 0);
  return {
    fromMs: window.fromMs,
    toMs: window.toMs,
    bucketMs: window.bucketMs,
    totalRequests,
    byEndpoint,
    overTime,
    alerts,
  };
}
