import { checkBinary, weightAt } from './checkInputs.ts';
import { scoreGroups } from './scoreGroups.ts';

/**
 * Cumulative weighted counts at every distinct score, highest score first: row k says "predicting
 * positive when score >= thresholds[k]" yields `truePositives[k]` and `falsePositives[k]`. Tied scores
 * form one point, which is what makes AUC give tied pairs half credit (trapezoid between points).
 */
export interface ThresholdCounts {
  thresholds: Float64Array;
  truePositives: Float64Array;
  falsePositives: Float64Array;
  totalPositive: number;
  totalNegative: number;
}

export function thresholdCounts(
  metric: string,
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): ThresholdCounts {
  checkBinary(metric, yTrue, score, sampleWeight, false);
  const n = yTrue.length;
  const positiveWeight = new Float64Array(n);
  const negativeWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = weightAt(sampleWeight, i);
    if (yTrue[i] === 1) positiveWeight[i] = w;
    else negativeWeight[i] = w;
  }
  const groups = scoreGroups(score, positiveWeight, negativeWeight);
  const truePositives = new Float64Array(groups.scores.length);
  const falsePositives = new Float64Array(groups.scores.length);
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < groups.scores.length; k++) {
    tp += groups.sumA[k];
    fp += groups.sumB[k];
    truePositives[k] = tp;
    falsePositives[k] = fp;
  }
  return { thresholds: groups.scores, truePositives, falsePositives, totalPositive: tp, totalNegative: fp };
}

/**
 * ROC curve: false and true positive rates at every distinct score, starting at (0, 0) with
 * threshold +Infinity. Rates are NaN when a class is absent.
 *
 * @example
 * rocCurve(Float64Array.of(0, 1), Float64Array.of(0.2, 0.9)); // fpr [0, 0, 1], tpr [0, 1, 1]
 */
export function rocCurve(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
) {
  const c = thresholdCounts('rocCurve', yTrue, score, sampleWeight);
  const n = c.thresholds.length + 1;
  const fpr = new Float64Array(n);
  const tpr = new Float64Array(n);
  const thresholds = new Float64Array(n);
  thresholds[0] = Number.POSITIVE_INFINITY;
  for (let k = 1; k < n; k++) {
    fpr[k] = c.falsePositives[k - 1] / c.totalNegative;
    tpr[k] = c.truePositives[k - 1] / c.totalPositive;
    thresholds[k] = c.thresholds[k - 1];
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the ROC curve by the trapezoid rule over distinct scores: the probability that a random
 * positive scores above a random negative, a tied pair counting 1/2 (the Mann–Whitney midrank
 * statistic). NaN when there are no rows or only one class.
 *
 * @example
 * rocAuc(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)); // 0.75
 */
export function rocAuc(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  const c = thresholdCounts('rocAuc', yTrue, score, sampleWeight);
  if (!(c.totalPositive > 0 && c.totalNegative > 0)) return Number.NaN;
  let area = 0;
  let previousTp = 0;
  let previousFp = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    area += (c.falsePositives[k] - previousFp) * (c.truePositives[k] + previousTp) * 0.5;
    previousTp = c.truePositives[k];
    previousFp = c.falsePositives[k];
  }
  return area / (c.totalPositive * c.totalNegative);
}

/**
 * Precision–recall curve at every distinct score, highest threshold first (predict positive when
 * score >= threshold). Recall is NaN without positives.
 *
 * @example
 * prCurve(Float64Array.of(0, 1), Float64Array.of(0.2, 0.9)); // precision [1, 0.5], recall [1, 1]
 */
export function prCurve(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
) {
  const c = thresholdCounts('prCurve', yTrue, score, sampleWeight);
  const precision = new Float64Array(c.thresholds.length);
  const recall = new Float64Array(c.thresholds.length);
  for (let k = 0; k < c.thresholds.length; k++) {
    const predictedPositive = c.truePositives[k] + c.falsePositives[k];
    precision[k] = predictedPositive > 0 ? c.truePositives[k] / predictedPositive : 1;
    recall[k] = c.truePositives[k] / c.totalPositive;
  }
  return { precision, recall, thresholds: c.thresholds };
}

/**
 * PR AUC as average precision (scikit-learn's `average_precision_score`): Σ_k (R_k − R_{k−1}) · P_k
 * over distinct thresholds, a step function with no interpolation (the trapezoid over PR points
 * is optimistic). Tied scores enter as one step. NaN without positives or rows.
 *
 * @example
 * prAuc(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)); // 0.8333…
 */
export function prAuc(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): number {
  const { precision, recall } = prCurve(yTrue, score, sampleWeight);
  if (recall.length === 0 || !(recall[recall.length - 1] > 0)) return Number.NaN;
  let area = 0;
  let previousRecall = 0;
  for (let k = 0; k < recall.length; k++) {
    area += (recall[k] - previousRecall) * precision[k];
    previousRecall = recall[k];
  }
  return area;
}
