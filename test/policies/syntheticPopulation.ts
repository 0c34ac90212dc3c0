import { createRng } from '../../src/ml/random.ts';
import { gammaVariate } from '../../src/ml/variates.ts';
import { type PolicyPopulation, REVENUE_SAMPLES } from '../../src/policies/index.ts';

/**
 * A population with known structure: P(retained) spread over [0.1, 0.95], revenue if retained
 * Gamma-distributed around a per-unit mean, segments cycling through three names.
 */
export function syntheticPopulation(size: number, seed = 1): PolicyPopulation {
  const rng = createRng(seed);
  const retainProbability = new Float64Array(size);
  const revenueSamples = new Float64Array(size * REVENUE_SAMPLES);
  const meanRevenue = new Float64Array(size);
  const codes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    retainProbability[i] = 0.1 + 0.85 * rng();
    meanRevenue[i] = 20 + 200 * rng();
    codes[i] = i % 3;
    for (let s = 0; s < REVENUE_SAMPLES; s++) {
      revenueSamples[i * REVENUE_SAMPLES + s] = (meanRevenue[i] * gammaVariate(rng, 2)) / 2;
    }
  }
  return {
    kind: 'customers',
    size,
    retainProbability,
    revenueSamples,
    attributes: { pAlive: retainProbability, clv: meanRevenue.map((m, i) => m * retainProbability[i]) },
    segments: { names: ['high-value', 'churn-risk', 'other'], codes },
    horizon: 'the next 180 days',
  };
}
