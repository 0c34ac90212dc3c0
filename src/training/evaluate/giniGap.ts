import { giniOfOrdering } from '../../ml/metrics/index.ts';
import { createRng } from '../../ml/random.ts';

/** How far a value model's ranking is from the observable oracle's, and how much of it is chance. */
export interface GiniGap {
  /** Normalised Gini of the observable oracle minus the model's, on the realised test outcomes. */
  realisedGap: number;
  /** Standard deviation of that gap over test sets drawn like this one (bootstrap over sessions). */
  realisedGapSd: number;
  /**
   * The same gap with each realised outcome replaced by the full oracle's expected remaining revenue
   * (same normaliser): what the gap would be on average over the outcomes these sessions could have
   * had, i.e. without the luck of which sessions bought.
   */
  expectedGap: number;
}

/**
 * Split the value model's Gini gap to the observable oracle into what a model could still learn and
 * what is outcome noise of one test set: the realised gap, its bootstrap standard deviation
 * (resampling whole test sessions), and the expected gap (orderings scored against the full oracle's
 * expectations: a Gini is linear in the targets for a fixed ordering, so this removes the noise of
 * the purchases that happened to occur).
 *
 * @example
 * giniGap({ y, prediction, observableOracle, fullOracle, sessionId, replicates: 200, seed: 7 }).expectedGap;
 */
export function giniGap({
  y,
  prediction,
  observableOracle,
  fullOracle,
  sessionId,
  replicates = 200,
  seed = 7,
}: {
  y: Float64Array;
  prediction: Float64Array;
  observableOracle: Float64Array;
  fullOracle: Float64Array;
  sessionId: ArrayLike<number>;
  replicates?: number;
  seed?: number;
}): GiniGap {
  const perfect = giniOfOrdering(y, y);
  const realisedGap = (giniOfOrdering(y, observableOracle) - giniOfOrdering(y, prediction)) / perfect;
  const expectedGap =
    (giniOfOrdering(fullOracle, observableOracle) - giniOfOrdering(fullOracle, prediction)) / perfect;
  // Rows of each session (rows of one session are contiguous, in page order).
  const starts: number[] = [];
  for (let i = 0; i < y.length; i++) if (i === 0 || sessionId[i] !== sessionId[i - 1]) starts.push(i);
  starts.push(y.length);
  const sessions = starts.length - 1;
  const rng = createRng(seed);
  const gaps = new Float64Array(replicates);
  const by = new Float64Array(y.length);
  const byOracle = new Float64Array(y.length);
  const byModel = new Float64Array(y.length);
  for (let r = 0; r < replicates; r++) {
    let n = 0;
    for (let k = 0; k < sessions; k++) {
      const s = Math.floor(rng() * sessions);
      for (let i = starts[s]; i < starts[s + 1]; i++) {
        by[n] = y[i];
        byOracle[n] = observableOracle[i];
        byModel[n++] = prediction[i];
      }
    }
    const ys = by.subarray(0, n);
    // A resample without any revenue has no Gini (tiny test sets): it is left out.
    const resampledPerfect = giniOfOrdering(ys, ys);
    gaps[r] =
      resampledPerfect > 0
        ? (giniOfOrdering(ys, byOracle.subarray(0, n)) - giniOfOrdering(ys, byModel.subarray(0, n))) /
          resampledPerfect
        : Number.NaN;
  }
  const kept = gaps.filter((gap) => !Number.isNaN(gap));
  let mean = 0;
  for (const gap of kept) mean += gap / kept.length;
  let variance = 0;
  for (const gap of kept) variance += (gap - mean) ** 2 / (kept.length - 1);
  return { realisedGap, realisedGapSd: Math.sqrt(variance), expectedGap };
}
