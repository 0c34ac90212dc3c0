import { describe, expect, it } from 'vitest';
import { normalizedGini } from '../../src/ml/metrics/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { giniGap } from '../../src/training/evaluate/giniGap.ts';

/** Sessions of 1–4 pages; the true expectation μ, a noisy model of it, and zero-inflated outcomes. */
function pages(seed: number, sessions: number) {
  const rng = createRng(seed);
  const rows: { session: number; mu: number; model: number; y: number }[] = [];
  for (let s = 0; s < sessions; s++) {
    for (let t = 0, n = 1 + Math.floor(4 * rng()); t < n; t++) {
      const mu = Math.exp(2 * rng());
      rows.push({ session: s, mu, model: mu * Math.exp(0.8 * (rng() - 0.5)), y: rng() < mu / 10 ? 10 : 0 });
    }
  }
  const column = (key: 'mu' | 'model' | 'y') => Float64Array.from(rows, (row) => row[key]);
  return {
    y: column('y'),
    mu: column('mu'),
    model: column('model'),
    sessionId: rows.map((row) => row.session),
  };
}

describe('the Gini gap to the observable oracle', () => {
  it('is the difference of normalised Ginis, with a bootstrap spread and a noise-free expected part', () => {
    const { y, mu, model, sessionId } = pages(1, 4000);
    const gap = giniGap({ y, prediction: model, observableOracle: mu, fullOracle: mu, sessionId });
    expect(gap.realisedGap).toBeCloseTo(normalizedGini(y, mu) - normalizedGini(y, model), 12);
    // Outcome noise: the realised gap wanders around the expected one by about its bootstrap sd.
    expect(gap.realisedGapSd).toBeGreaterThan(0.002);
    expect(gap.realisedGapSd).toBeLessThan(0.05);
    expect(gap.expectedGap).toBeGreaterThan(0);
    expect(Math.abs(gap.realisedGap - gap.expectedGap)).toBeLessThan(4 * gap.realisedGapSd);
  });

  it('is exactly 0 with no spread when the model is the oracle', () => {
    const { y, mu, sessionId } = pages(2, 500);
    expect(
      giniGap({ y, prediction: mu, observableOracle: mu, fullOracle: mu, sessionId, replicates: 20 }),
    ).toEqual({
      realisedGap: 0,
      realisedGapSd: 0,
      expectedGap: 0,
    });
  });
});
