import { type SimulatorParamsOverride, simulateSessions } from '../../src/data/simulator/index.ts';

/** Per-page facts of a simulated sample, as flat typed arrays (one entry per page). */
export interface SimulatedSample {
  pages: number;
  sessionIndex: Int32Array;
  pageId: Int8Array;
  hour: Int8Array;
  purchasePower: Int8Array;
  terminal: Uint8Array;
  itemCount: Int8Array;
  clicks: Int16Array;
  saves: Int16Array;
  revenueYuan: Float64Array;
  /** Revenue of the later pages of the same session (yuan). */
  remainingRevenueYuan: Float64Array;
  oracleChurn: Float64Array;
  oracleRemainingYuan: Float64Array;
  /** Real items of the first pages, pooled (up to 150,000). */
  ctr: number[];
  cvr: number[];
  priceYuan: number[];
}

/** Items pooled for the item-level checks: plenty for medians and means, cheap to sort. */
const MAX_POOLED_ITEMS = 150_000;

/** Simulate and keep the per-page facts the realism, structure and oracle tests check. */
export function simulateSample(
  sessions: number,
  seed: number,
  params?: SimulatorParamsOverride,
): SimulatedSample {
  const rows: {
    s: number;
    p: number;
    h: number;
    w: number;
    t: 0 | 1;
    n: number;
    c: number;
    sv: number;
    r: number;
    oc: number;
    or: number;
  }[] = [];
  const ctr: number[] = [];
  const cvr: number[] = [];
  const priceYuan: number[] = [];
  for (const { record, oracle, sessionIndex } of simulateSessions({
    sessions,
    seed,
    params,
    reuseRecords: true,
  })) {
    let clicks = 0;
    let saves = 0;
    let revenue = 0;
    for (let i = 0; i < record.itemCount; i++) {
      clicks += record.click[i];
      saves += record.cart[i] + record.fav[i];
      revenue += record.purchaseYuan[i];
      if (ctr.length < MAX_POOLED_ITEMS) {
        ctr.push(record.ctr[i]);
        cvr.push(record.cvr[i]);
        priceYuan.push(record.priceYuan[i]);
      }
    }
    rows.push({
      s: sessionIndex,
      p: record.pageId,
      h: record.hour,
      w: record.profile.purchasePower,
      t: record.terminal,
      n: record.itemCount,
      c: clicks,
      sv: saves,
      r: revenue,
      oc: oracle.churnProbability,
      or: oracle.expectedRemainingRevenueYuan,
    });
  }
  const n = rows.length;
  const sample: SimulatedSample = {
    pages: n,
    sessionIndex: Int32Array.from(rows, (row) => row.s),
    pageId: Int8Array.from(rows, (row) => row.p),
    hour: Int8Array.from(rows, (row) => row.h),
    purchasePower: Int8Array.from(rows, (row) => row.w),
    terminal: Uint8Array.from(rows, (row) => row.t),
    itemCount: Int8Array.from(rows, (row) => row.n),
    clicks: Int16Array.from(rows, (row) => row.c),
    saves: Int16Array.from(rows, (row) => row.sv),
    revenueYuan: Float64Array.from(rows, (row) => row.r),
    remainingRevenueYuan: new Float64Array(n),
    oracleChurn: Float64Array.from(rows, (row) => row.oc),
    oracleRemainingYuan: Float64Array.from(rows, (row) => row.or),
    ctr,
    cvr,
    priceYuan,
  };
  for (let i = n - 2; i >= 0; i--) {
    if (sample.sessionIndex[i + 1] === sample.sessionIndex[i]) {
      sample.remainingRevenueYuan[i] = sample.remainingRevenueYuan[i + 1] + sample.revenueYuan[i + 1];
    }
  }
  return sample;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** Share of pages matching `where` that satisfy `what`. */
export function shareWhere(
  sample: SimulatedSample,
  where: (i: number) => boolean,
  what: (i: number) => boolean,
): number {
  let matched = 0;
  let hits = 0;
  for (let i = 0; i < sample.pages; i++) {
    if (!where(i)) continue;
    matched++;
    if (what(i)) hits++;
  }
  return hits / matched;
}
