/**
 * Split-conformal prediction intervals for a non-negative, heavy-tailed target (Vovk et al. 2005;
 * Lei et al. 2018, "Distribution-free predictive inference for regression"), with scores normalised
 * by the Tweedie standard deviation so intervals widen with the prediction instead of having one
 * width for every page: score = |y − μ| / σ(μ), σ(μ) = max(μ, floor)^(power/2) (Var ∝ μ^power).
 * Fitted on held-out rows (validation), the interval μ ± q_level·σ(μ), cut at 0, covers a new row with
 * probability ≥ level when rows are exchangeable; q_level is the ⌈(n+1)·level⌉-th smallest score.
 */

/** The calibration an artifact stores: one score quantile per level. Plain JSON. */
export interface ConformalCalibration {
  method: 'split-conformal';
  /** Scores divided by max(μ, floorYuan)^(power/2). */
  power: number;
  floor: number;
  /** Held-out rows the quantiles come from. */
  rows: number;
  levels: number[];
  quantiles: number[];
}

/** Levels 0.50, 0.51, …, 0.99: every level an answer can ask for. */
export const CONFORMAL_LEVELS: readonly number[] = Array.from({ length: 50 }, (_, k) => (50 + k) / 100);

/**
 * Fit the score quantiles on held-out targets and predictions (predictions below 0 count as 0).
 *
 * @example
 * const calibration = fitConformal(yValidation, validationPrediction, { power: 1.5 });
 * conformalInterval(calibration, 3.2, 0.8); // { level: 0.8, low: 0, high: 9.1 }
 */
export function fitConformal(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  {
    power,
    floor = 0.01,
    levels = CONFORMAL_LEVELS,
  }: { power: number; floor?: number; levels?: readonly number[] },
): ConformalCalibration {
  const n = y.length;
  if (n !== prediction.length || n === 0) {
    throw new Error(
      `fitConformal: ${n} targets for ${prediction.length} predictions; give one of each per row (at least one).`,
    );
  }
  if (!(power >= 0 && power <= 2) || !(floor > 0)) {
    throw new Error(`fitConformal: power must be in [0, 2] and floor > 0; got ${power}, ${floor}.`);
  }
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = Math.max(0, prediction[i]);
    scores[i] = Math.abs(y[i] - mu) / Math.max(mu, floor) ** (power / 2);
  }
  scores.sort();
  const quantiles = levels.map((level) => {
    if (!(level > 0 && level < 1)) throw new Error(`fitConformal: level ${level} is not in (0, 1).`);
    const rank = Math.ceil((n + 1) * level); // 1-based
    if (rank > n) {
      throw new Error(
        `fitConformal: ${n} held-out rows cannot calibrate level ${level} (needs at least ${Math.ceil(level / (1 - level))}).`,
      );
    }
    return scores[rank - 1];
  });
  return { method: 'split-conformal', power, floor, rows: n, levels: [...levels], quantiles };
}

/**
 * The interval of one prediction at a stored level (a level the calibration does not hold is an
 * error naming the ones it does).
 */
export function conformalInterval(
  calibration: ConformalCalibration,
  prediction: number,
  level: number,
): { level: number; low: number; high: number } {
  const k = calibration.levels.findIndex((stored) => Math.abs(stored - level) < 1e-9);
  if (k < 0) {
    throw new Error(
      `conformalInterval: level ${level} is not calibrated; use one of ${calibration.levels[0]} … ${calibration.levels.at(-1)} in steps of 0.01.`,
    );
  }
  const mu = Math.max(0, prediction);
  const halfWidth = calibration.quantiles[k] * Math.max(mu, calibration.floor) ** (calibration.power / 2);
  return { level: calibration.levels[k], low: Math.max(0, mu - halfWidth), high: mu + halfWidth };
}
