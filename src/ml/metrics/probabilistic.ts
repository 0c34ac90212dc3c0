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
 * Reliability table over `bins` equal-width probability bins [k/bins, (k+1)/bins) (the last bin
 * includes 1): mean predicted probability, observed positive rate and row count per bin. A well
 * calibrated model has meanPredicted ≈ observedRate in every populated bin. Empty bins are kept
 * (count 0, NaN means) so tables of different windows line up bin by bin.
 *
 * @example
 * calibrationTable(y, proba, 10).filter((bin) => bin.count > 0);
 */
export function calibrationTable(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  bins = 10,
  sampleWeight?: ArrayLike<number>,
): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`calibrationTable: bins must be an integer >= 1; got ${bins}.`);
  checkBinary('calibrationTable', yTrue, proba, sampleWeight, true);
  const sumPredicted = new Float64Array(bins);
  const sumPositive = new Float64Array(bins);
  const sumWeight = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const b = Math.min(Math.floor(proba[i] * bins), bins - 1);
    const w = weightAt(sampleWeight, i);
    sumPredicted[b] += w * proba[i];
    sumPositive[b] += w * yTrue[i];
    sumWeight[b] += w;
    count[b] += 1;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    meanPredicted: sumWeight[b] > 0 ? sumPredicted[b] / sumWeight[b] : Number.NaN,
    observedRate: sumWeight[b] > 0 ? sumPositive[b] / sumWeight[b] : Number.NaN,
    count: count[b],
    weight: sumWeight[b],
  }));
}
