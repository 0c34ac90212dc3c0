import { checkReal, weightAt } from './checkInputs.ts';
import { scoreGroups } from './scoreGroups.ts';

/** Weighted mean of `f(i)` over rows; NaN without rows or weight. */
function weightedMean(
  n: number,
  sampleWeight: ArrayLike<number> | undefined,
  f: (i: number) => number,
): number {
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = weightAt(sampleWeight, i);
    total += w * f(i);
    totalWeight += w;
  }
  return totalWeight > 0 ? total / totalWeight : Number.NaN;
}

/**
 * Root mean squared error. NaN without rows.
 *
 * @example
 * rmse(Float64Array.of(1, 2), Float64Array.of(1, 4)); // √2
 */
export function rmse(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkReal('rmse', yTrue, yPred, sampleWeight);
  return Math.sqrt(weightedMean(yTrue.length, sampleWeight, (i) => (yTrue[i] - yPred[i]) ** 2));
}

/**
 * Mean absolute error. NaN without rows.
 *
 * @example
 * mae(Float64Array.of(1, 2), Float64Array.of(1, 4)); // 1
 */
export function mae(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkReal('mae', yTrue, yPred, sampleWeight);
  return weightedMean(yTrue.length, sampleWeight, (i) => Math.abs(yTrue[i] - yPred[i]));
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot (weighted). NaN without rows or when yTrue is
 * constant (SS_tot = 0, R² undefined).
 *
 * @example
 * r2(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)); // 1 − 1/2 = 0.5
 */
export function r2(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkReal('r2', yTrue, yPred, sampleWeight);
  const mean = weightedMean(yTrue.length, sampleWeight, (i) => yTrue[i]);
  let residual = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightAt(sampleWeight, i);
    residual += w * (yTrue[i] - yPred[i]) ** 2;
    total += w * (yTrue[i] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : Number.NaN;
}

/** Unit Tweedie deviance of one observation (power 0: squared error; 1: Poisson; 2: Gamma). */
function tweedieDeviance(y: number, mu: number, power: number): number {
  if (power === 0) return (y - mu) ** 2;
  if (power === 1) return 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - y + mu);
  if (power === 2) return 2 * (Math.log(mu / y) + y / mu - 1);
  const yPart = Math.max(y, 0) ** (2 - power) / ((1 - power) * (2 - power));
  return 2 * (yPart - (y * mu ** (1 - power)) / (1 - power) + mu ** (2 - power) / (2 - power));
}

/**
 * Mean Tweedie deviance, d(y, μ) = 2·[max(y,0)^{2−p}/((1−p)(2−p)) − y·μ^{1−p}/(1−p) + μ^{2−p}/(2−p)],
 * with the limits p = 0 (squared error), p = 1 (Poisson), p = 2 (Gamma). Supported powers: 0 and
 * p ≥ 1. Needs μ > 0 for p ≥ 1, y ≥ 0 for 1 ≤ p < 2, y > 0 for p ≥ 2. Use the same power as the
 * Tweedie loss of the model (e.g. 1.5 for zero-inflated revenue).
 *
 * @example
 * meanTweedieDeviance(Float64Array.of(0, 3), Float64Array.of(1, 2), 1.5);
 */
export function meanTweedieDeviance(
  yTrue: ArrayLike<number>,
  mu: ArrayLike<number>,
  power: number,
  sampleWeight?: ArrayLike<number>,
): number {
  if (!(power === 0 || power >= 1) || !Number.isFinite(power)) {
    throw new Error(
      `meanTweedieDeviance: power ${power} is not supported; use 0, or a finite power >= 1 (1 < p < 2 for revenue).`,
    );
  }
  checkReal('meanTweedieDeviance', yTrue, mu, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if (power >= 1 && !(mu[i] > 0)) {
      throw new Error(
        `meanTweedieDeviance: prediction ${i} is ${mu[i]}; power ${power} needs predictions > 0.`,
      );
    }
    if (power >= 1 && power < 2 && yTrue[i] < 0) {
      throw new Error(`meanTweedieDeviance: yTrue[${i}] is ${yTrue[i]}; power ${power} needs targets >= 0.`);
    }
    if (power >= 2 && !(yTrue[i] > 0)) {
      throw new Error(`meanTweedieDeviance: yTrue[${i}] is ${yTrue[i]}; power ${power} needs targets > 0.`);
    }
  }
  return weightedMean(yTrue.length, sampleWeight, (i) => tweedieDeviance(yTrue[i], mu[i], power));
}

/**
 * Area between the cumulative-gain curve of ordering by `score` and the diagonal (ties averaged):
 * the Gini before normalisation. For a fixed ordering it is linear in the targets over their total,
 * so scoring one ordering against expected targets gives its expected Gini without outcome noise.
 *
 * @example
 * giniOfOrdering(revenue, predictedRevenue) / giniOfOrdering(revenue, revenue); // = normalizedGini
 */
export function giniOfOrdering(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  const n = yTrue.length;
  const weight = new Float64Array(n);
  const weightedTarget = new Float64Array(n);
  let totalWeight = 0;
  let totalTarget = 0;
  for (let i = 0; i < n; i++) {
    weight[i] = weightAt(sampleWeight, i);
    weightedTarget[i] = weight[i] * yTrue[i];
    totalWeight += weight[i];
    totalTarget += weightedTarget[i];
  }
  // Trapezoid over tie groups: a tied group contributes a straight segment, i.e. its average order.
  const groups = scoreGroups(score, weight, weightedTarget);
  let area = 0;
  let cumulativeTarget = 0;
  for (let k = 0; k < groups.scores.length; k++) {
    area += (groups.sumA[k] / totalWeight) * (2 * cumulativeTarget + groups.sumB[k]) * 0.5;
    cumulativeTarget += groups.sumB[k];
  }
  return area / totalTarget - 0.5;
}

/**
 * Normalised Gini (the Kaggle insurance metric): Gini of ranking by `yPred` divided by the Gini of
 * the perfect ranking (by `yTrue`). Gini = area between the cumulative share of the target captured
 * when rows are taken in decreasing prediction order and the diagonal; tied predictions share their
 * segment evenly. Only the ranking matters; for 0/1 targets it equals 2·AUC − 1. Needs targets >= 0;
 * NaN without rows or when all targets are equal.
 *
 * @example
 * normalizedGini(revenue, predictedRevenue); // 1 = perfect ranking, 0 = random
 */
export function normalizedGini(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkReal('normalizedGini', yTrue, yPred, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] < 0)
      throw new Error(`normalizedGini: yTrue[${i}] is ${yTrue[i]}; the Gini needs targets >= 0.`);
  }
  const perfect = giniOfOrdering(yTrue, yTrue, sampleWeight);
  if (!(perfect > 0)) return Number.NaN;
  return giniOfOrdering(yTrue, yPred, sampleWeight) / perfect;
}

/**
 * RMSE of log1p(y) against log1p(prediction): relative errors, kind to heavy-tailed revenue.
 * Needs values > −1.
 *
 * @example
 * rmseLog1p(Float64Array.of(0, 9), Float64Array.of(0, 4)); // √((ln10 − ln5)² / 2)
 */
export function rmseLog1p(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  checkReal('rmseLog1p', yTrue, yPred, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if (!(yTrue[i] > -1 && yPred[i] > -1)) {
      throw new Error(
        `rmseLog1p: row ${i} has yTrue ${yTrue[i]}, prediction ${yPred[i]}; log1p needs values > -1.`,
      );
    }
  }
  return Math.sqrt(
    weightedMean(yTrue.length, sampleWeight, (i) => (Math.log1p(yTrue[i]) - Math.log1p(yPred[i])) ** 2),
  );
}
