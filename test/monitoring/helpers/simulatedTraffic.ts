import { type SimulatorParamsOverride, simulateSessions } from '../../../src/data/simulator/index.ts';
import { FEATURE_COUNT, sessionFeatures } from '../../../src/features/index.ts';
import type { PageItems } from '../../../src/session/index.ts';

/** Feature rows of simulated traffic: what the service would compute for every page request. */
export interface SimulatedRows {
  rows: number;
  /** Row-major vectors, one per page request (every prefix of every session). */
  vectors: Float64Array[];
  /** Column-major, for `buildReference`. */
  columns: Float64Array[];
  /** The simulator's true churn probability of each page: a perfect model's prediction. */
  churnProbability: Float64Array;
  /** The simulator's expected remaining revenue of each page (yuan): a perfect value model. */
  expectedRemainingRevenueYuan: Float64Array;
  /** The terminal flag of each page (the churn outcome). */
  churned: Uint8Array;
  /** Revenue the session actually brought after each page (yuan): the value outcome. */
  remainingRevenueYuan: Float64Array;
  sessionIndex: Int32Array;
  pageCount: Int32Array;
}

/**
 * Simulate sessions and compute the feature vector of every page request with the real feature
 * function, as training (reference) and serving (request log) would.
 */
export function simulatedRows(options: {
  sessions: number;
  seed: number;
  params?: SimulatorParamsOverride;
}): SimulatedRows {
  const vectors: Float64Array[] = [];
  const churn: number[] = [];
  const churned: number[] = [];
  const expectedRemaining: number[] = [];
  const revenue: number[] = []; // revenue of each page, turned into the remainder after it below
  const sessionIndex: number[] = [];
  const pageCount: number[] = [];
  let current = -1;
  let pages: PageItems[] = [];
  for (const { record, oracle, sessionIndex: s } of simulateSessions(options)) {
    if (s !== current) {
      current = s;
      pages = [];
    }
    pages.push(record);
    vectors.push(sessionFeatures({ profile: record.profile, hour: record.hour, pages }));
    churn.push(oracle.churnProbability);
    churned.push(record.terminal);
    expectedRemaining.push(oracle.expectedRemainingRevenueYuan);
    let pageRevenue = 0;
    for (let i = 0; i < record.itemCount; i++) pageRevenue += record.purchaseYuan[i];
    revenue.push(pageRevenue);
    sessionIndex.push(s);
    pageCount.push(pages.length);
  }
  const remaining = new Float64Array(vectors.length);
  for (let r = vectors.length - 2; r >= 0; r--) {
    remaining[r] = sessionIndex[r + 1] === sessionIndex[r] ? remaining[r + 1] + revenue[r + 1] : 0;
  }
  const columns = Array.from({ length: FEATURE_COUNT }, (_, j) => Float64Array.from(vectors, (v) => v[j]));
  return {
    rows: vectors.length,
    vectors,
    columns,
    churnProbability: Float64Array.from(churn),
    expectedRemainingRevenueYuan: Float64Array.from(expectedRemaining),
    churned: Uint8Array.from(churned),
    remainingRevenueYuan: remaining,
    sessionIndex: Int32Array.from(sessionIndex),
    pageCount: Int32Array.from(pageCount),
  };
}
