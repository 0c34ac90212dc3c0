import { mae, meanTweedieDeviance, normalizedGini, r2, rmse, rmseLog1p } from '../../ml/metrics/index.ts';

/**
 * Tweedie deviance needs predictions > 0; linear models can predict ≤ 0, so their predictions are
 * floored at one fen for the deviance only (the other metrics see the raw predictions).
 */
export const DEVIANCE_FLOOR_YUAN = 0.01;

/**
 * Every session-value metric of the comparison table as one flat record: errors (RMSE, MAE, RMSE of
 * log1p), fit (R²), the Tweedie deviance of the zero-inflated target, ranking (normalised Gini) and
 * calibration (Σ predicted / Σ actual, and its distance from 1).
 *
 * @example
 * valueMetrics(yTest, predictionTest, 1.5).tweedieDeviance;
 */
export function valueMetrics(
  yTrue: Float64Array,
  prediction: Float64Array,
  tweediePower: number,
): Record<string, number> {
  const floored = new Float64Array(prediction.length);
  const nonNegative = new Float64Array(prediction.length);
  let predictedTotal = 0;
  let actualTotal = 0;
  for (let i = 0; i < prediction.length; i++) {
    floored[i] = Math.max(prediction[i], DEVIANCE_FLOOR_YUAN);
    nonNegative[i] = Math.max(prediction[i], 0);
    predictedTotal += prediction[i];
    actualTotal += yTrue[i];
  }
  const calibrationRatio = actualTotal > 0 ? predictedTotal / actualTotal : Number.NaN;
  return {
    rmse: rmse(yTrue, prediction),
    mae: mae(yTrue, prediction),
    r2: r2(yTrue, prediction),
    tweedieDeviance: meanTweedieDeviance(yTrue, floored, tweediePower),
    normalizedGini: normalizedGini(yTrue, prediction),
    rmseLog1p: rmseLog1p(yTrue, nonNegative),
    predictedTotalYuan: predictedTotal,
    actualTotalYuan: actualTotal,
    calibrationRatio,
    calibrationError: Math.abs(calibrationRatio - 1),
    rows: yTrue.length,
  };
}
