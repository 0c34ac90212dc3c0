import { createRng } from '../ml/random.ts';
import { gammaVariate, poissonVariate } from '../ml/variates.ts';
import { type PolicyPopulation, REVENUE_SAMPLES } from './population.ts';

/** A churn probability this close to 1 would make revenue-if-staying explode; it is capped here. */
const MAX_CHURN_PROBABILITY = 0.99;

export interface SessionPopulationOptions {
  /** P(the shopper leaves after the current page), from the served churn model. */
  churnProbability: Float64Array;
  /** Expected remaining revenue of the session, from the served session-value model (0 if they leave). */
  value: Float64Array;
  /** Variance power ρ of the value model's Tweedie loss (1 < ρ < 2). */
  tweediePower: number;
  /** Tweedie dispersion φ (`estimateTweedieDispersion`). */
  dispersion: number;
  seed: number;
}

/**
 * Live sessions as units of a policy: retained = the shopper stays past the current page
 * (1 − churn probability); revenue if retained drawn from a Tweedie distribution (compound
 * Poisson–Gamma, the value model's own loss) with mean value / (1 − churn probability), the
 * expected remaining revenue given that the shopper stays (leaving now brings nothing).
 *
 * @example
 * sessionPopulation({ churnProbability, value, tweediePower: 1.5, dispersion: 9.8, seed: 1 });
 */
export function sessionPopulation(options: SessionPopulationOptions): PolicyPopulation {
  const { churnProbability, value, tweediePower: rho, dispersion: phi, seed } = options;
  if (!(rho > 1 && rho < 2))
    throw new Error(`tweediePower is ${rho}; the compound Poisson–Gamma needs 1 < ρ < 2.`);
  if (!(phi > 0)) throw new Error(`dispersion is ${phi}; give a positive Tweedie dispersion.`);
  const size = churnProbability.length;
  const rng = createRng(seed);
  const retainProbability = new Float64Array(size);
  const revenueSamples = new Float64Array(size * REVENUE_SAMPLES);
  // Tweedie as compound Poisson (Jørgensen 1987): N ~ Poisson(μ^(2−ρ) / (φ(2−ρ))),
  // each jump Gamma(shape (2−ρ)/(ρ−1), scale φ(ρ−1)μ^(ρ−1)).
  const jumpShape = (2 - rho) / (rho - 1);
  for (let i = 0; i < size; i++) {
    const churn = Math.min(MAX_CHURN_PROBABILITY, Math.max(0, churnProbability[i]));
    retainProbability[i] = 1 - churn;
    const mean = Math.max(0, value[i]) / (1 - churn);
    if (mean === 0) continue;
    const jumps = mean ** (2 - rho) / (phi * (2 - rho));
    const scale = phi * (rho - 1) * mean ** (rho - 1);
    for (let s = 0; s < REVENUE_SAMPLES; s++) {
      const n = poissonVariate(rng, jumps);
      revenueSamples[i * REVENUE_SAMPLES + s] = n > 0 ? gammaVariate(rng, n * jumpShape) * scale : 0;
    }
  }
  return {
    kind: 'sessions',
    size,
    retainProbability,
    revenueSamples,
    attributes: { churnProbability, value },
    horizon: 'the rest of the session',
  };
}

/**
 * Pearson estimate of the Tweedie dispersion: φ = mean((y − μ)² / μ^ρ) over rows with μ > 0.
 *
 * @example
 * estimateTweedieDispersion(remainingRevenue, predictedValue, 1.5);
 */
export function estimateTweedieDispersion(
  actual: Float64Array,
  predicted: Float64Array,
  power: number,
): number {
  let sum = 0;
  let rows = 0;
  for (let i = 0; i < actual.length; i++) {
    const mu = predicted[i];
    if (!(mu > 0)) continue;
    sum += (actual[i] - mu) ** 2 / mu ** power;
    rows++;
  }
  if (rows === 0) throw new Error('estimateTweedieDispersion: no row with a positive prediction.');
  return sum / rows;
}
