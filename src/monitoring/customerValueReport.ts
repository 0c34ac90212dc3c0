import type Database from 'better-sqlite3';
import { CUSTOMER_TASK } from '../registry/schema.ts';
import { CUSTOMER_SEGMENT_MIX_SQL, CUSTOMER_VALUE_OVER_TIME_SQL } from './queries.ts';
import { bucketStarts, type TimeWindow } from './timeWindow.ts';

/** Count, mean and nearest-rank p10 / p50 / p90 of one logged quantity. */
export interface Distribution {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

/** The customers valued in one period: how many, and how P(alive) and lifetime value spread. */
export interface CustomerValueStats {
  customers: number;
  /** Null when no customer was valued in the period. */
  probabilityAlive: Distribution | null;
  lifetimeValue: Distribution | null;
}

/** How many of the customers valued in the window fell in one segment. */
export interface SegmentCount {
  /** A SEGMENT_NAMES entry; null for customers not placed (sent as a summary). */
  segment: string | null;
  customers: number;
  share: number;
}

export interface CustomerValueReport extends CustomerValueStats {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  /** The live segment mix over the whole window (the logged `segment` of each answer). */
  segments: SegmentCount[];
  /** One entry per bucket of the window, empty buckets included (customers 0). */
  overTime: (CustomerValueStats & { startMs: number })[];
}

type Row = {
  bucket: number;
  customers: number;
  aliveMean: number;
  aliveP10: number;
  aliveP50: number;
  aliveP90: number;
  valueMean: number;
  valueP10: number;
  valueP50: number;
  valueP90: number;
};

const stats = (row: Row | undefined): CustomerValueStats =>
  row
    ? {
        customers: Number(row.customers),
        probabilityAlive: { mean: row.aliveMean, p10: row.aliveP10, p50: row.aliveP50, p90: row.aliveP90 },
        lifetimeValue: { mean: row.valueMean, p10: row.valueP10, p50: row.valueP50, p90: row.valueP90 },
      }
    : { customers: 0, probabilityAlive: null, lifetimeValue: null };

/**
 * The distribution of P(alive) and of the lifetime value over the customers valued in the window
 * and per bucket, and the segment mix over the window, from the logged `/customers/value` rows (SQL,
 * the same on SQLite and PostgreSQL).
 * A customer valued twice counts twice: this is what was served, not a customer census.
 *
 * @example
 * customerValueReport(db, resolveTimeWindow({ since: '7d', window: '1d' })).overTime[0].probabilityAlive?.p50;
 */
export function customerValueReport(db: Database.Database, window: TimeWindow): CustomerValueReport {
  const params = { task: CUSTOMER_TASK, fromMs: window.fromMs, toMs: window.toMs };
  const statement = db.prepare(CUSTOMER_VALUE_OVER_TIME_SQL);
  const rows = new Map(
    (statement.all({ ...params, bucketMs: window.bucketMs }) as Row[]).map((r) => [Number(r.bucket), r]),
  );
  // The whole window is one bucket as long as the window.
  const [total] = statement.all({ ...params, bucketMs: window.toMs - window.fromMs }) as Row[];
  const mix = db.prepare(CUSTOMER_SEGMENT_MIX_SQL).all(params) as {
    segment: string | null;
    customers: number;
  }[];
  // PostgreSQL counts as bigint (a string here).
  const valued = mix.reduce((n, row) => n + Number(row.customers), 0);
  return {
    fromMs: window.fromMs,
    toMs: window.toMs,
    bucketMs: window.bucketMs,
    ...stats(total),
    segments: mix.map((row) => ({
      segment: row.segment,
      customers: Number(row.customers),
      share: Number(row.customers) / valued,
    })),
    overTime: bucketStarts(window).map((startMs, b) => ({ startMs, ...stats(rows.get(b)) })),
  };
}
