import type { BgNbdParameters } from '../ml/clv/bgNbd.ts';
import type { GammaGammaParameters } from '../ml/clv/gammaGamma.ts';
import { createRng } from '../ml/random.ts';
import { betaVariate, gammaVariate } from '../ml/variates.ts';
import { type PolicyPopulation, REVENUE_SAMPLES } from './population.ts';

export interface CustomerPopulationOptions {
  /** Calibration summary columns (x repeat purchases, T in the model's time unit, z̄); given alive, tₓ no longer matters. */
  x: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
  pAlive: Float64Array;
  bgNbd: BgNbdParameters;
  gammaGamma: GammaGammaParameters;
  /** The horizon in the model's time unit (weeks for the papers' summaries). */
  horizon: number;
  /** How reports name the horizon: "the next 182 days". */
  horizonLabel: string;
  attributes: Record<string, Float64Array>;
  segments?: PolicyPopulation['segments'];
  seed: number;
}

/**
 * Customers as units of a policy: retained = alive at the cut-off (P(alive) of BG/NBD); revenue if
 * alive over the horizon drawn from the BG/NBD × Gamma-Gamma posterior predictive. Given that a
 * customer is alive, the posterior is λ ~ Gamma(r + x, α + T) and p ~ Beta(a, b + x) (the alive
 * branch of FHL 2005 eq. 3: the likelihood (1 − p)^x λ^x e^(−λT)); purchases follow a Poisson
 * process at rate λ, with a drop-out chance p after each; the spend of n purchases is
 * Gamma(n·p_GG, ν) with ν ~ Gamma(q + p_GG·x, v + x·z̄) (Gamma-Gamma's conjugate update).
 *
 * @example
 * customerPopulation({ ...summary, pAlive, bgNbd: model.parameters, gammaGamma: gg.parameters, horizon: 26, … });
 */
export function customerPopulation(options: CustomerPopulationOptions): PolicyPopulation {
  const { x, T, zbar, pAlive, bgNbd, gammaGamma, horizon, seed } = options;
  const size = x.length;
  if (!(horizon > 0))
    throw new Error(`horizon is ${horizon}; give a positive horizon in the model's time unit.`);
  const rng = createRng(seed);
  const revenueSamples = new Float64Array(size * REVENUE_SAMPLES);
  for (let i = 0; i < size; i++) {
    const xi = x[i];
    const spendShape = gammaGamma.q + gammaGamma.p * xi;
    const spendRate = gammaGamma.v + xi * (xi > 0 ? zbar[i] : 0);
    for (let s = 0; s < REVENUE_SAMPLES; s++) {
      const lambda = gammaVariate(rng, bgNbd.r + xi, bgNbd.alpha + T[i]);
      const dropout = betaVariate(rng, bgNbd.a, bgNbd.b + xi);
      let purchases = 0;
      let time = -Math.log(1 - rng()) / lambda;
      while (time <= horizon) {
        purchases++;
        if (rng() < dropout) break;
        time += -Math.log(1 - rng()) / lambda;
      }
      if (purchases === 0) continue;
      const nu = gammaVariate(rng, spendShape, spendRate);
      revenueSamples[i * REVENUE_SAMPLES + s] = gammaVariate(rng, purchases * gammaGamma.p, nu);
    }
  }
  return {
    kind: 'customers',
    size,
    retainProbability: pAlive,
    revenueSamples,
    attributes: options.attributes,
    segments: options.segments,
    horizon: options.horizonLabel,
  };
}
