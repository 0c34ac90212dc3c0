import { type ConformalCalibration, conformalInterval } from '../../ml/conformal.ts';

/** The levels every report and bundle states coverage at. */
export const REPORTED_INTERVAL_LEVELS = [0.8, 0.9] as const;

/**
 * Coverage (share of rows whose target falls in its interval) and mean width of the intervals at
 * 80 % and 90 %: `intervalCoverage80`, `intervalWidth80Yuan`, … for the metrics of a value model.
 *
 * @example
 * intervalMetrics(calibration, yTest, testPrediction).intervalCoverage80; // ≈ 0.80
 */
export function intervalMetrics(
  calibration: ConformalCalibration,
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const level of REPORTED_INTERVAL_LEVELS) {
    let covered = 0;
    let width = 0;
    for (let i = 0; i < y.length; i++) {
      const { low, high } = conformalInterval(calibration, prediction[i], level);
      if (y[i] >= low && y[i] <= high) covered++;
      width += high - low;
    }
    const percent = Math.round(level * 100);
    metrics[`intervalCoverage${percent}`] = covered / y.length;
    metrics[`intervalWidth${percent}Yuan`] = width / y.length;
  }
  return metrics;
}
