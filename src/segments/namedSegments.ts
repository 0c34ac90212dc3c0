import type { SegmentConfig } from './segmentConfig.ts';

/** What the named segments are judged on, one slot per customer. */
export interface SegmentInputs {
  /** Predicted revenue over the horizon (BG/NBD × Gamma-Gamma). */
  clv: Float64Array;
  /** Spend up to the cut-off. */
  pastValue: Float64Array;
  pAlive: Float64Array;
  /** Purchase days in the recent window (config.missedOpportunity.recentDays). */
  recentPurchases: Float64Array;
}

/** The value at or above which a customer is in the top `share` of `values`. */
export function topShareThreshold(values: Float64Array, share: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((1 - share) * sorted.length))];
}

/**
 * The cut values of the named segments, computed on a population: what "top 20 % by predicted CLV"
 * means in money for this data. Stored with a segmentation so one customer can be placed later.
 */
export interface SegmentThresholds {
  pastValueAtLeast: number;
  pAliveBelow: number;
  highValueClvAtLeast: number;
  promisingClvAtLeast: number;
  recentDays: 30 | 90 | 180;
  maxRecentPurchases: number;
}

export function segmentThresholds(inputs: SegmentInputs, config: SegmentConfig): SegmentThresholds {
  return {
    pastValueAtLeast: topShareThreshold(inputs.pastValue, config.churnRisk.pastValueTopShare),
    pAliveBelow: config.churnRisk.pAliveBelow,
    highValueClvAtLeast: topShareThreshold(inputs.clv, config.highValue.topShare),
    promisingClvAtLeast: topShareThreshold(inputs.clv, config.missedOpportunity.predictedValueTopShare),
    recentDays: config.missedOpportunity.recentDays,
    maxRecentPurchases: config.missedOpportunity.maxRecentPurchases,
  };
}

/**
 * The named segment of one customer (an index into SEGMENT_NAMES), rules checked in order:
 *  1. churn-risk: high past value (spend so far in the top `pastValueTopShare`) and P(alive) below `pAliveBelow`;
 *  2. high-value: predicted CLV in the top `topShare`;
 *  3. missed-opportunity: predicted CLV in the top `predictedValueTopShare` but at most
 *     `maxRecentPurchases` purchase days in the last `recentDays`;
 *  4. other.
 */
export function segmentOf(
  customer: { clv: number; pastValue: number; pAlive: number; recentPurchases: number },
  t: SegmentThresholds,
): number {
  if (customer.pastValue >= t.pastValueAtLeast && customer.pAlive < t.pAliveBelow) return 0;
  if (customer.clv >= t.highValueClvAtLeast) return 1;
  if (customer.clv >= t.promisingClvAtLeast && customer.recentPurchases <= t.maxRecentPurchases) return 2;
  return 3;
}

/**
 * The three named segments of the CDNOW design for a whole population (see `segmentOf`), with the
 * thresholds they were judged by.
 *
 * @example
 * const { codes } = assignSegments(inputs, DEFAULT_SEGMENT_CONFIG); // SEGMENT_NAMES[codes[i]]
 */
export function assignSegments(
  inputs: SegmentInputs,
  config: SegmentConfig,
): { codes: Uint8Array; thresholds: SegmentThresholds } {
  const n = inputs.clv.length;
  const thresholds = segmentThresholds(inputs, config);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = segmentOf(
      {
        clv: inputs.clv[i],
        pastValue: inputs.pastValue[i],
        pAlive: inputs.pAlive[i],
        recentPurchases: inputs.recentPurchases[i],
      },
      thresholds,
    );
  }
  return { codes, thresholds };
}

/** One row of a profile table: a group of customers and its means. */
export interface SegmentProfile {
  segment: string;
  customers: number;
  share: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanSpend: number;
  meanClv: number;
  meanPAlive: number;
}

/** Columns a profile averages. */
export interface ProfileColumns {
  recencyDays: Float64Array;
  frequency: Float64Array;
  totalSpend: Float64Array;
  clv: Float64Array;
  pAlive: Float64Array;
}

/**
 * Size and mean recency, frequency, spend, CLV and P(alive) of each group (`codes` index `names`);
 * groups without customers are kept with zero size so tables line up.
 */
export function profileTable(
  codes: ArrayLike<number>,
  names: readonly string[],
  columns: ProfileColumns,
): SegmentProfile[] {
  const k = names.length;
  const count = new Float64Array(k);
  const sums = Array.from({ length: 5 }, () => new Float64Array(k));
  const sources = [columns.recencyDays, columns.frequency, columns.totalSpend, columns.clv, columns.pAlive];
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i];
    count[g]++;
    for (let s = 0; s < 5; s++) sums[s][g] += sources[s][i];
  }
  return names.map((segment, g) => {
    const mean = (s: number) => (count[g] > 0 ? sums[s][g] / count[g] : Number.NaN);
    return {
      segment,
      customers: count[g],
      share: codes.length > 0 ? count[g] / codes.length : 0,
      meanRecencyDays: mean(0),
      meanFrequency: mean(1),
      meanSpend: mean(2),
      meanClv: mean(3),
      meanPAlive: mean(4),
    };
  });
}
