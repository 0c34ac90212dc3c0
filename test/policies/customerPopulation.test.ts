import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../../src/ml/clv/bgNbd.ts';
import { gammaGammaExpectedSpend } from '../../src/ml/clv/gammaGamma.ts';
import { createRng } from '../../src/ml/random.ts';
import { customerPopulation } from '../../src/policies/customerPopulation.ts';
import { REVENUE_SAMPLES } from '../../src/policies/index.ts';

// The papers' CDNOW parameters (weeks).
const BG_NBD = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const GAMMA_GAMMA = { p: 6.2488, q: 3.7446, v: 15.4477 };

describe('customerPopulation', () => {
  it('draws revenue whose mean equals the BG/NBD × Gamma-Gamma expectation, customer group by group', () => {
    const rng = createRng(2);
    const n = 600;
    const x = new Float64Array(n);
    const tx = new Float64Array(n);
    const T = new Float64Array(n);
    const zbar = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      T[i] = 30 + 10 * rng();
      x[i] = i % 4 === 0 ? 0 : Math.floor(1 + 8 * rng());
      tx[i] = x[i] > 0 ? T[i] * rng() : 0;
      zbar[i] = x[i] > 0 ? 10 + 40 * rng() : 0;
    }
    const pAlive = x.map((xi, i) => bgNbdProbabilityAlive(BG_NBD, xi, tx[i], T[i]));
    const horizon = 26;
    const population = customerPopulation({
      x,
      T,
      zbar,
      pAlive,
      bgNbd: BG_NBD,
      gammaGamma: GAMMA_GAMMA,
      horizon,
      horizonLabel: 'the next 26 weeks',
      attributes: { pAlive },
      seed: 9,
    });
    let simulated = 0;
    let expected = 0;
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let s = 0; s < REVENUE_SAMPLES; s++) mean += population.revenueSamples[i * REVENUE_SAMPLES + s];
      simulated += pAlive[i] * (mean / REVENUE_SAMPLES);
      expected +=
        bgNbdConditionalExpectedPurchases(BG_NBD, horizon, x[i], tx[i], T[i]) *
        gammaGammaExpectedSpend(GAMMA_GAMMA, x[i], zbar[i]);
    }
    // 600 × 64 draws of a heavy-tailed amount: a few per cent of Monte-Carlo error.
    expect(simulated / expected).toBeGreaterThan(0.95);
    expect(simulated / expected).toBeLessThan(1.05);
    expect(population.retainProbability).toBe(pAlive);
    expect(population.revenueSamples.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });
});
