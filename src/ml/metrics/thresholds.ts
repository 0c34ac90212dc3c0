import { checkBinary, weightAt } from './checkInputs.ts';
import { thresholdCounts } from './rankingCurves.ts';

/** Weighted confusion counts of "positive when proba >= threshold". */
export interface ConfusionMatrix {
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
}

/**
 * Confusion counts (weighted when weights are given) of predicting 1 when `proba >= threshold`.
 *
 * @example
 * confusionMatrix(Float64Array.of(1, 0, 1), Float64Array.of(0.8, 0.6, 0.3), 0.5);
 * // { truePositive: 1, falsePositive: 1, trueNegative: 0, falseNegative: 1 }
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  threshold = 0.5,
  sampleWeight?: ArrayLike<number>,
): ConfusionMatrix {
  checkBinary('confusionMatrix', yTrue, proba, sampleWeight, false);
  const counts = { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const w = weightAt(sampleWeight, i);
    const predictedPositive = proba[i] >= threshold;
    if (yTrue[i] === 1) {
      if (predictedPositive) counts.truePositive += w;
      else counts.falseNegative += w;
    } else if (predictedPositive) counts.falsePositive += w;
    else counts.trueNegative += w;
  }
  return counts;
}

/** Precision, recall and F1 of one operating point. */
export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Ratios with scikit-learn's `zero_division=0`: an empty denominator gives 0, never NaN. */
function operatingPoint(threshold: number, tp: number, fp: number, totalPositive: number): OperatingPoint {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = totalPositive > 0 ? tp / totalPositive : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, precision, recall, f1 };
}

/**
 * Precision, recall and F1 of predicting 1 when `proba >= threshold`; a ratio with an empty
 * denominator is 0 (no predicted positives → precision 0; no actual positives → recall 0).
 *
 * @example
 * precisionRecallF1(Float64Array.of(1, 0, 1), Float64Array.of(0.8, 0.6, 0.3), 0.5); // P 0.5, R 0.5, F1 0.5
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  threshold = 0.5,
  sampleWeight?: ArrayLike<number>,
): OperatingPoint {
  const c = confusionMatrix(yTrue, proba, threshold, sampleWeight);
  return operatingPoint(threshold, c.truePositive, c.falsePositive, c.truePositive + c.falseNegative);
}

/**
 * The threshold (one of the distinct scores) whose "positive when proba >= threshold" rule has the
 * highest F1; ties go to the higher threshold. Null when there are no rows or no positives.
 *
 * @example
 * bestF1Threshold(yValidation, probaValidation)?.threshold;
 */
export function bestF1Threshold(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): OperatingPoint | null {
  const c = thresholdCounts('bestF1Threshold', yTrue, proba, sampleWeight);
  if (!(c.totalPositive > 0)) return null;
  let best: OperatingPoint | null = null;
  for (let k = 0; k < c.thresholds.length; k++) {
    const point = operatingPoint(c.thresholds[k], c.truePositives[k], c.falsePositives[k], c.totalPositive);
    if (best === null || point.f1 > best.f1) best = point;
  }
  return best;
}

/**
 * The lowest threshold (so the highest recall) whose precision is at least `targetPrecision`.
 * Null when no threshold reaches it, or when there are no positives.
 *
 * @example
 * thresholdForPrecision(yValidation, probaValidation, 0.8); // { threshold, precision ≥ 0.8, recall, f1 }
 */
export function thresholdForPrecision(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  targetPrecision: number,
  sampleWeight?: ArrayLike<number>,
): OperatingPoint | null {
  if (!(targetPrecision >= 0 && targetPrecision <= 1)) {
    throw new Error(`thresholdForPrecision: targetPrecision must be in [0, 1]; got ${targetPrecision}.`);
  }
  const c = thresholdCounts('thresholdForPrecision', yTrue, proba, sampleWeight);
  if (!(c.totalPositive > 0)) return null;
  let chosen: OperatingPoint | null = null;
  for (let k = 0; k < c.thresholds.length; k++) {
    const point = operatingPoint(c.thresholds[k], c.truePositives[k], c.falsePositives[k], c.totalPositive);
    if (point.precision >= targetPrecision) chosen = point;
  }
  return chosen;
}
