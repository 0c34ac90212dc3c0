import { checkBinary, weightAt } from './checkInputs.ts';

/**
 * Mean binary cross-entropy −[y·log p + (1−y)·log(1−p)], weighted. Probabilities are clipped to
 * [eps, 1 − eps] (default 1e-15, as scikit-learn) so one confident mistake costs ~34.5, not Infinity.
 * NaN when there are no rows (or all weights are 0).
 *
 * @example
 * logLoss(Float64Array.of(1, 0), Float64Array.of(0.9, 0.2)); // (−ln 0.9 − ln 0.8) / 2 ≈ 0.164
 */
export function logLoss(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
  eps = 1e-15,
): number {
  checkBinary('logLoss', yTrue, proba, sampleWeight, true);
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(Math.max(proba[i], eps), 1 - eps);
    const w = weightAt(sampleWeight, i);
    total -= w * (yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p));
    totalWeight += w;
  }
  return totalWeight > 0 ? total / totalWeight : Number.NaN;
}

/**
 * Mean squared difference between the probability and the 0/1 outcome, weighted. NaN without rows.
 *
 * @example
 * brierScore(Float64Array.of(1, 0), Float64Array.of(0.9, 0.2)); // (0.01 + 0.04) / 2 = 0.025
 */
export function brierScore(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkBinary('brierScore', yTrue, proba, sampleWeight, true);
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightAt(sampleWeight, i);
    total += w * (proba[i] - yTrue[i]) ** 2;
    totalWeight += w;
  }
  return totalWeight > 0 ? total / totalWeight : Number.NaN;
}

/** One bin of a calibration table. Means are NaN in an empty bin. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  observedRate: number;
  /** Rows in the bin. */
  count: number;
  /** Summed sample weight in the bin (equals count without weights). */
  weight: number;
}

/**
 * Reliability table over `bins` probability bins [lower, upper) (the last bin includes 1): mean
 * predicted probability, observed positive rate and row count per bin. `'uniform'` (default) bins
 * are equal-width [k/bins, (k+1)/bins); `'quantile'` bins hold about equally many rows, better when
 * predictions crowd near 0 (rare churn). A well
 * calibrated model has meanPredicted ≈ observedRate in every populated bin. Empty bins are kept
 * (count 0, NaN means) so tables of different windows line up bin by bin.
 *
 * @example
 * calibrationTable(y, proba, 10).filter((bin) => bin.count > 0);
 * calibrationTable(y, proba, 10, undefined, 'quantile'); // deciles of the predictions
 */
export function calibrationTable(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  bins = 10,
  sampleWeight?: ArrayLike<number>,
  strategy: 'uniform' | 'quantile' = 'uniform',
): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`calibrationTable: bins must be an integer >= 1; got ${bins}.`);
  }
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new Error(`calibrationTable: strategy must be 'uniform' or 'quantile'; got ${String(strategy)}.`);
  }
  checkBinary('calibrationTable', yTrue, proba, sampleWeight, true);
  const upper = binUpperEdges(proba, bins, strategy);
  const sumPredicted = new Float64Array(bins);
  const sumPositive = new Float64Array(bins);
  const sumWeight = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const b =
      strategy === 'uniform' ? Math.min(Math.floor(proba[i] * bins), bins - 1) : binOf(proba[i], upper);
    const w = weightAt(sampleWeight, i);
    sumPredicted[b] += w * proba[i];
    sumPositive[b] += w * yTrue[i];
    sumWeight[b] += w;
    count[b] += 1;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b === 0 ? 0 : upper[b - 1],
    upper: upper[b],
    meanPredicted: sumWeight[b] > 0 ? sumPredicted[b] / sumWeight[b] : Number.NaN,
    observedRate: sumWeight[b] > 0 ? sumPositive[b] / sumWeight[b] : Number.NaN,
    count: count[b],
    weight: sumWeight[b],
  }));
}

/**
 * Upper edge of every bin; the last is 1. Uniform: (b+1)/bins. Quantile: the probability at rank
 * ⌊(b+1)·n/bins⌋ of the sorted predictions, so bins hold about n/bins rows each (tied predictions
 * can leave a bin empty).
 */
function binUpperEdges(
  proba: ArrayLike<number>,
  bins: number,
  strategy: 'uniform' | 'quantile',
): Float64Array {
  const upper = Float64Array.from({ length: bins }, (_, b) => (b + 1) / bins);
  if (strategy === 'uniform' || proba.length === 0) return upper;
  const sorted = Float64Array.from(proba).sort();
  for (let b = 0; b < bins - 1; b++) upper[b] = sorted[Math.floor(((b + 1) * sorted.length) / bins)];
  upper[bins - 1] = 1;
  return upper;
}

/** The first bin whose upper edge is above p (the last bin takes p = 1). */
function binOf(p: number, upper: Float64Array): number {
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p < upper[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
