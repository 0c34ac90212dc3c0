import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random.ts';
import {
  fitZeroInflatedConformal,
  positiveProbabilityAt,
  zeroInflatedInterval,
} from '../../src/ml/zeroInflatedConformal.ts';

/**
 * Rows like the session value: the prediction μ, a positive outcome with probability p(μ) rising
 * with μ (1 % to 15 %), then a log-normal amount with mean μ / p(μ); 0 otherwise.
 */
function draw(rng: () => number, n: number) {
  const mu = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = Math.exp(4 * rng() - 1);
    const p = 0.01 + (0.14 * (Math.log(mu[i]) + 1)) / 4;
    if (rng() >= p) continue;
    const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    y[i] = (mu[i] / p) * Math.exp(0.8 * normal - 0.32);
  }
  return { mu, y };
}

describe('zero-inflated (mixture) conformal intervals', () => {
  it('take the ⌈(m+1)·level⌉-th smallest log-ratio score of the positive rows', () => {
    // Two bins of 2 rows with shares (1 + ½)/(2 + 1) = ½ each: s(μ) = 2μ for every row.
    const y = Float64Array.of(0, 8, 0, 2);
    const mu = Float64Array.of(1, 1, 1, 1);
    const calibration = fitZeroInflatedConformal(y, mu, { levels: [0.5, 0.6], bins: 2 });
    expect(calibration.positiveProbability).toEqual([0.5]); // equal shares pool into one block
    expect(calibration.positiveRows).toBe(2);
    // Scores |ln(8/2)| = ln 4 and |ln(2/2)| = 0; ranks ⌈3·0.5⌉ = 2 and ⌈3·0.6⌉ = 2.
    expect(calibration.quantiles).toEqual([Math.log(4), Math.log(4)]);
    const interval = zeroInflatedInterval(calibration, 1, 0);
    expect(interval.level).toBe(0.5);
    expect(interval.low).toBeCloseTo(0.5, 12);
    expect(interval.high).toBeCloseTo(8, 12);
    expect(interval.noFurtherRevenueProbability).toBe(0.5);
    // Two positive rows calibrate up to level 2/3: higher levels are left out, none at all is an error.
    expect(fitZeroInflatedConformal(y, mu, { levels: [0.6, 0.7], bins: 2 }).levels).toEqual([0.6]);
    expect(() => fitZeroInflatedConformal(y, mu, { levels: [0.7], bins: 2 })).toThrow(
      /cannot calibrate any of the levels 0.7/,
    );
    expect(() => fitZeroInflatedConformal(y, mu, { levels: [0.5], bins: 3 })).toThrow(/at least 6 rows/);
  });

  it('learn a non-decreasing P(further revenue | μ), linear between bin centres', () => {
    const { mu, y } = draw(createRng(3), 20_000);
    const calibration = fitZeroInflatedConformal(y, mu, { levels: [0.8] });
    const p = calibration.positiveProbability;
    for (let k = 1; k < p.length; k++) expect(p[k]).toBeGreaterThan(p[k - 1]);
    expect(positiveProbabilityAt(calibration, 0)).toBe(p[0]);
    expect(positiveProbabilityAt(calibration, 1e9)).toBe(p.at(-1));
    // The simulated truth at μ = e: 0.01 + 0.14·2/4 = 0.08.
    expect(positiveProbabilityAt(calibration, Math.E)).toBeCloseTo(0.08, 1);
  });

  it('cover new positive outcomes at 80 % and 90 % within two points, with a calibrated zero part', () => {
    const rng = createRng(5);
    const held = draw(rng, 30_000);
    const calibration = fitZeroInflatedConformal(held.y, held.mu, { levels: [0.8, 0.9] });
    const test = draw(rng, 60_000);
    for (const level of [0.8, 0.9]) {
      let counted = 0;
      let covered = 0;
      let zeroPart = 0;
      let zeros = 0;
      for (let i = 0; i < test.y.length; i++) {
        const interval = zeroInflatedInterval(calibration, test.mu[i], calibration.levels.indexOf(level));
        zeroPart += interval.noFurtherRevenueProbability;
        // The interval speaks of the outcome given further revenue: zeros are not counted.
        if (test.y[i] === 0) {
          zeros++;
          continue;
        }
        counted++;
        if (test.y[i] >= interval.low && test.y[i] <= interval.high) covered++;
      }
      expect(Math.abs(covered / counted - level)).toBeLessThan(0.02);
      // The zero part is calibrated: mean P(no further revenue) ≈ the share of zeros.
      expect(Math.abs(zeroPart / test.y.length - zeros / test.y.length)).toBeLessThan(0.005);
    }
  });
});
