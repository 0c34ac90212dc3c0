import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random.ts';
import { betaVariate, gammaVariate, normalVariate, poissonVariate } from '../../src/ml/variates.ts';

function moments(draw: () => number, n = 40_000) {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('random variates', () => {
  it('draw with the mean and variance of their distributions', () => {
    const rng = createRng(7);
    const normal = moments(() => normalVariate(rng));
    expect(normal.mean).toBeCloseTo(0, 1);
    expect(normal.variance).toBeCloseTo(1, 1);
    for (const [shape, rate] of [
      [0.3, 2],
      [2.5, 0.5],
    ]) {
      const gamma = moments(() => gammaVariate(rng, shape, rate));
      expect(gamma.mean / (shape / rate)).toBeCloseTo(1, 1);
      expect(gamma.variance / (shape / rate ** 2)).toBeCloseTo(1, 1);
    }
    const beta = moments(() => betaVariate(rng, 2, 6));
    expect(beta.mean).toBeCloseTo(0.25, 2);
    expect(beta.variance).toBeCloseTo((2 * 6) / (8 * 8 * 9), 3);
    for (const mean of [0.4, 12, 75]) {
      const poisson = moments(() => poissonVariate(rng, mean));
      expect(poisson.mean / mean).toBeCloseTo(1, 1);
      expect(poisson.variance / mean).toBeCloseTo(1, 1);
    }
  });

  it('repeat for the same seed and refuse impossible parameters', () => {
    const a = createRng(3);
    const b = createRng(3);
    expect(gammaVariate(a, 0.7)).toBe(gammaVariate(b, 0.7));
    expect(() => gammaVariate(a, 0)).toThrow(/must both be positive/);
    expect(() => poissonVariate(a, -1)).toThrow(/>= 0/);
  });
});
