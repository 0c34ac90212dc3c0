import { describe, expect, it } from 'vitest';
import { conformalInterval, fitConformal } from '../../src/ml/conformal.ts';
import { createRng } from '../../src/ml/random.ts';

/** Compound Poisson–gamma draws with mean μ (a Tweedie-like, zero-inflated revenue). */
function tweedieLike(rng: () => number, mu: number): number {
  const purchaseRate = 0.2 * Math.sqrt(mu);
  let total = 0;
  let t = -Math.log(1 - rng());
  while (t < purchaseRate) {
    total += (mu / purchaseRate) * -Math.log(1 - rng()); // exponential amounts with the right mean
    t -= Math.log(1 - rng());
  }
  return total;
}

describe('split-conformal intervals', () => {
  it('take the ⌈(n+1)·level⌉-th smallest normalised score', () => {
    const y = Float64Array.of(0, 1, 4, 9, 16, 25, 36, 49, 64);
    const prediction = new Float64Array(9).fill(1); // σ = 1: sorted scores |y − 1| = 0 1 3 8 15 24 35 48 63
    const calibration = fitConformal(y, prediction, { power: 1.5, levels: [0.5, 0.8] });
    expect(calibration.quantiles).toEqual([15, 48]); // ranks ⌈10·0.5⌉ = 5 and ⌈10·0.8⌉ = 8
    expect(conformalInterval(calibration, 1, 0.8)).toEqual({ level: 0.8, low: 0, high: 49 });
    expect(conformalInterval(calibration, -3, 0.5)).toEqual({ level: 0.5, low: 0, high: 15 * 0.01 ** 0.75 });
    expect(() => conformalInterval(calibration, 1, 0.9)).toThrow(/not calibrated/);
    expect(() => fitConformal(y, prediction, { power: 1.5, levels: [0.95] })).toThrow(/cannot calibrate/);
  });

  it('cover new exchangeable rows at 80 % and 90 % within two points', () => {
    const rng = createRng(4);
    const draw = (n: number) => {
      const mu = Float64Array.from({ length: n }, () => Math.exp(2 * rng() - 0.5));
      return { mu, y: Float64Array.from(mu, (m) => tweedieLike(rng, m)) };
    };
    const calibrationRows = draw(4000);
    const calibration = fitConformal(calibrationRows.y, calibrationRows.mu, { power: 1.5 });
    const test = draw(20_000);
    for (const level of [0.8, 0.9]) {
      let covered = 0;
      for (let i = 0; i < test.y.length; i++) {
        const { low, high } = conformalInterval(calibration, test.mu[i], level);
        if (test.y[i] >= low && test.y[i] <= high) covered++;
      }
      expect(Math.abs(covered / test.y.length - level)).toBeLessThan(0.02);
    }
  });
});
