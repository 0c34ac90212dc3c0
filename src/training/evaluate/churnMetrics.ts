import {
  bestF1Threshold,
  brierScore,
  confusionMatrix,
  logLoss,
  type OperatingPoint,
  prAuc,
  precisionRecallF1,
  rocAuc,
  thresholdForPrecision,
} from '../../ml/metrics/index.ts';
import type { ThresholdRule } from '../config.ts';

/** Used when validation has no positives (a threshold cannot be learned from it). */
export const FALLBACK_THRESHOLD = 0.5;

/**
 * The decision threshold from validation predictions: highest F1, or the lowest threshold reaching a
 * target precision. Falls back to the F1 optimum when the precision cannot be reached, and to
 * 0.5 when validation has no churn at all; `note` says which happened.
 *
 * @example
 * chooseThreshold({ strategy: 'max-f1' }, yValidation, probaValidation).threshold;
 */
export function chooseThreshold(
  rule: ThresholdRule,
  yTrue: Float64Array,
  proba: Float64Array,
): { threshold: number; note: string } {
  let point: OperatingPoint | null = null;
  let note =
    rule.strategy === 'max-f1'
      ? 'maximises F1 on validation'
      : `lowest with precision ≥ ${rule.precision} on validation`;
  if (rule.strategy === 'min-precision') {
    point = thresholdForPrecision(yTrue, proba, rule.precision);
    if (!point) note = `precision ${rule.precision} is not reachable on validation; F1 optimum used instead`;
  }
  point ??= bestF1Threshold(yTrue, proba);
  if (!point) return { threshold: FALLBACK_THRESHOLD, note: 'validation has no churn; 0.5 used' };
  return { threshold: Math.min(1, Math.max(0, point.threshold)), note };
}

/**
 * Every churn metric of the comparison table, as one flat record (what metrics.json and the bundle
 * store): ranking (ROC/PR AUC), probability quality (log loss, Brier) and the decision at the
 * threshold (precision, recall, F1, confusion counts).
 *
 * @example
 * churnMetrics(yTest, probaTest, 0.31).rocAuc;
 */
export function churnMetrics(
  yTrue: Float64Array,
  proba: Float64Array,
  threshold: number,
): Record<string, number> {
  const point = precisionRecallF1(yTrue, proba, threshold);
  const counts = confusionMatrix(yTrue, proba, threshold);
  let positives = 0;
  let predicted = 0;
  for (let i = 0; i < yTrue.length; i++) {
    positives += yTrue[i];
    predicted += proba[i];
  }
  return {
    rocAuc: rocAuc(yTrue, proba),
    prAuc: prAuc(yTrue, proba),
    logLoss: logLoss(yTrue, proba),
    brier: brierScore(yTrue, proba),
    threshold,
    precision: point.precision,
    recall: point.recall,
    f1: point.f1,
    truePositive: counts.truePositive,
    falsePositive: counts.falsePositive,
    trueNegative: counts.trueNegative,
    falseNegative: counts.falseNegative,
    churnRate: positives / yTrue.length,
    meanPredicted: predicted / yTrue.length,
    rows: yTrue.length,
  };
}
