/**
 * Prediction intervals for a zero-inflated target (remaining revenue is 0 on ~97 % of pages), in
 * mixture form: a calibrated probability that the target is 0, and a split-conformal interval of the
 * target given that it is positive (Vovk et al. 2005, label-conditional "Mondrian" conformal
 * prediction; Lei et al. 2018). Why not one interval on the target itself: with P(y = 0) ≈ 0.97 every
 * interval that contains 0 covers ≥ 97 %, so an interval at 80 % must leave out the most likely
 * outcome on a fifth of the pages, and the symmetric form did so on the pages with the highest
 * predictions (mostly zeros too) while missing nearly every positive outcome. The mixture says both
 * things a user needs: "no further revenue with probability p0; if any, it lies in [low, high] with
 * probability `level`". Both parts are pure functions of the model's prediction μ.
 * Not served yet: the request log judges live coverage on the logged bounds alone, which would count
 * every zero outcome as a miss; serving it needs the log to carry the zero part (docs/training.md).
 *
 * - P(y > 0 | μ): histogram binning by μ (equal-count bins, Jeffreys-smoothed shares) made
 *   non-decreasing by pool-adjacent-violators (Zadrozny & Elkan 2002), linear between bin centres.
 * - Given y > 0 the expected target is s(μ) = μ / P(y > 0 | μ) (μ = P(y > 0)·E[y | y > 0]); the
 *   conformity score of a positive held-out row is |ln(y / s(μ))| and the interval s·e^(∓q_level).
 *   Among rows with y > 0 the interval covers a new positive row with probability ≥ level when rows
 *   are exchangeable.
 */

/** The calibration an artifact stores. Plain JSON. */
export interface ZeroInflatedCalibration {
  method: 'zero-inflated-conformal';
  /** Predictions below this count as this (a zero prediction still gets a positive scale). */
  floor: number;
  /** Held-out rows, and how many of them had a positive target (the conformal scores). */
  rows: number;
  positiveRows: number;
  /** Bin centres (mean prediction) and P(y > 0) there, non-decreasing; linear in between. */
  knots: number[];
  positiveProbability: number[];
  levels: number[];
  /** Per level, the ⌈(m+1)·level⌉-th smallest |ln(y / s(μ))| over the m positive rows. */
  quantiles: number[];
}

/** One answer: the level, the interval given further revenue, and P(no further revenue). */
export interface ZeroInflatedInterval {
  level: number;
  low: number;
  high: number;
  noFurtherRevenueProbability: number;
}

/**
 * Fit on held-out targets and predictions (validation rows). Levels that the positive rows cannot
 * calibrate (level ≥ m / (m + 1)) are left out of the result.
 *
 * @example
 * const calibration = fitZeroInflatedConformal(yValidation, validationPrediction, { levels: [0.8, 0.9] });
 * zeroInflatedInterval(calibration, 3.2, 0); // { level: 0.8, low: 21, high: 230, noFurtherRevenueProbability: 0.97 }
 */
export function fitZeroInflatedConformal(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  { levels, bins = 20, floor = 0.01 }: { levels: readonly number[]; bins?: number; floor?: number },
): ZeroInflatedCalibration {
  const n = y.length;
  if (n !== prediction.length || n < 2 * bins) {
    throw new Error(
      `fitZeroInflatedConformal: ${n} targets for ${prediction.length} predictions; give one of each per row and at least ${2 * bins} rows.`,
    );
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => Math.max(floor, prediction[a]) - Math.max(floor, prediction[b]),
  );
  const { knots, positiveProbability } = positiveShareByPrediction(y, prediction, order, bins, floor);
  const calibration = {
    method: 'zero-inflated-conformal' as const,
    floor,
    rows: n,
    positiveRows: 0,
    knots,
    positiveProbability,
    levels: [...levels],
    quantiles: [] as number[],
  };
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    if (y[i] > 0) scores.push(Math.abs(Math.log(y[i] / positiveScale(calibration, prediction[i]))));
  }
  scores.sort((a, b) => a - b);
  const m = scores.length;
  calibration.positiveRows = m;
  // A level needs ⌈(m+1)·level⌉ ≤ m positive rows; the ones too few rows support are left out (a
  // small data set still answers at the common levels), none at all is an error.
  for (const level of levels) {
    if (!(level > 0 && level < 1))
      throw new Error(`fitZeroInflatedConformal: level ${level} is not in (0, 1).`);
  }
  calibration.levels = levels.filter((level) => Math.ceil((m + 1) * level) <= m);
  if (calibration.levels.length === 0) {
    throw new Error(
      `fitZeroInflatedConformal: ${m} held-out rows with a positive target cannot calibrate any of the levels ${levels.join(', ')}; level ${levels[0]} needs at least ${Math.ceil(levels[0] / (1 - levels[0]))}.`,
    );
  }
  calibration.quantiles = calibration.levels.map((level) => scores[Math.ceil((m + 1) * level) - 1]);
  return calibration;
}

/** Equal-count bins of the sorted rows, their smoothed positive shares, pooled until non-decreasing. */
function positiveShareByPrediction(
  y: ArrayLike<number>,
  prediction: ArrayLike<number>,
  order: number[],
  bins: number,
  floor: number,
): { knots: number[]; positiveProbability: number[] } {
  // Pool-adjacent-violators over bins: each block keeps its rows, positives and Σ prediction.
  const blocks: { rows: number; positives: number; sumPrediction: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * order.length) / bins);
    const end = Math.floor(((b + 1) * order.length) / bins);
    const block = { rows: end - start, positives: 0, sumPrediction: 0 };
    for (let k = start; k < end; k++) {
      block.sumPrediction += Math.max(floor, prediction[order[k]]);
      if (y[order[k]] > 0) block.positives++;
    }
    blocks.push(block);
    while (blocks.length > 1 && share(blocks[blocks.length - 2]) >= share(blocks[blocks.length - 1])) {
      const last = blocks.pop() as (typeof blocks)[number];
      const previous = blocks[blocks.length - 1];
      previous.rows += last.rows;
      previous.positives += last.positives;
      previous.sumPrediction += last.sumPrediction;
    }
  }
  return {
    knots: blocks.map((block) => block.sumPrediction / block.rows),
    positiveProbability: blocks.map(share),
  };
}

/** Jeffreys-smoothed share of positives: never exactly 0 or 1, so s(μ) stays finite. */
function share(block: { rows: number; positives: number }): number {
  return (block.positives + 0.5) / (block.rows + 1);
}

/** P(y > 0 | μ): linear between the knots, constant beyond the first and the last. */
export function positiveProbabilityAt(calibration: ZeroInflatedCalibration, prediction: number): number {
  const { knots, positiveProbability: p } = calibration;
  const mu = Math.max(calibration.floor, prediction);
  if (mu <= knots[0]) return p[0];
  const last = knots.length - 1;
  if (mu >= knots[last]) return p[last];
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid] <= mu) lo = mid;
    else hi = mid;
  }
  const t = (mu - knots[lo]) / (knots[hi] - knots[lo]);
  return p[lo] + t * (p[hi] - p[lo]);
}

/** s(μ) = μ / P(y > 0 | μ): the expected target given that it is positive. */
function positiveScale(calibration: ZeroInflatedCalibration, prediction: number): number {
  return Math.max(calibration.floor, prediction) / positiveProbabilityAt(calibration, prediction);
}

/** The answer at the stored level `levels[levelIndex]`. */
export function zeroInflatedInterval(
  calibration: ZeroInflatedCalibration,
  prediction: number,
  levelIndex: number,
): ZeroInflatedInterval {
  const scale = positiveScale(calibration, prediction);
  const q = calibration.quantiles[levelIndex];
  return {
    level: calibration.levels[levelIndex],
    low: scale * Math.exp(-q),
    high: scale * Math.exp(q),
    noFurtherRevenueProbability: 1 - positiveProbabilityAt(calibration, prediction),
  };
}
