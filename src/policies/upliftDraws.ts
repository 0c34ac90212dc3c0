import { betaVariate } from '../ml/variates.ts';
import type { UpliftAssumption } from './policySchema.ts';

/**
 * `draws` values of a policy's assumed uplift, one per Monte-Carlo draw, from `rng`.
 *
 * @example
 * drawUplifts({ distribution: 'uniform', min: 0.05, max: 0.15 }, 10_000, createRng(1));
 */
export function drawUplifts(assumption: UpliftAssumption, draws: number, rng: () => number): Float64Array {
  const out = new Float64Array(draws);
  for (let d = 0; d < draws; d++) out[d] = drawUplift(assumption, rng);
  return out;
}

function drawUplift(assumption: UpliftAssumption, rng: () => number): number {
  switch (assumption.distribution) {
    case 'fixed':
      return assumption.value;
    case 'uniform':
      return assumption.min + (assumption.max - assumption.min) * rng();
    case 'triangular': {
      // Inverse CDF of the triangular distribution.
      const { min, mode, max } = assumption;
      const u = rng();
      const split = (mode - min) / (max - min);
      return u < split
        ? min + Math.sqrt(u * (max - min) * (mode - min))
        : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
    }
    case 'beta': {
      // Method of moments: α + β = mean(1 − mean)/sd² − 1.
      const { mean, sd } = assumption;
      const total = (mean * (1 - mean)) / (sd * sd) - 1;
      return betaVariate(rng, mean * total, (1 - mean) * total);
    }
  }
}

/** The mean of the assumed uplift distribution (for the break-even comparison). */
export function upliftMean(assumption: UpliftAssumption): number {
  switch (assumption.distribution) {
    case 'fixed':
      return assumption.value;
    case 'uniform':
      return (assumption.min + assumption.max) / 2;
    case 'triangular':
      return (assumption.min + assumption.mode + assumption.max) / 3;
    case 'beta':
      return assumption.mean;
  }
}
