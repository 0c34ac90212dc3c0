import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { columnDrift, psiBand, referenceScale } from '../../src/monitoring/stats/columnDrift.ts';
import { populationStabilityIndex } from '../../src/monitoring/stats/psi.ts';
import { wassersteinToQuantiles } from '../../src/monitoring/stats/wasserstein.ts';
import { columnReference } from '../../src/registry/reference.ts';

const uniformQuantiles = Array.from({ length: 101 }, (_, k) => k); // Uniform(0, 100)

describe('population stability index', () => {
  it('matches the hand-computed value of two bins', () => {
    // (0.75 − 0.5)·ln(0.75/0.5) + (0.25 − 0.5)·ln(0.25/0.5)
    const expected = 0.25 * Math.log(1.5) + -0.25 * Math.log(0.5);
    expect(populationStabilityIndex([0.5, 0.5], [75, 25])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.27465, 5);
  });

  it('is zero when the window has the reference shares', () => {
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [20, 30, 50])).toBe(0);
  });

  it('replaces an empty bin by the epsilon share so the value stays finite', () => {
    // window bin 2 is empty: actual share 1e-4 in place of 0
    const psi = populationStabilityIndex([0.5, 0.5], [10, 0], 1e-4);
    const expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    expect(psi).toBeCloseTo(expected, 12);
  });

  it('is NaN for an empty window and refuses mismatched bins', () => {
    expect(populationStabilityIndex([1], [0])).toBeNaN();
    expect(() => populationStabilityIndex([0.5, 0.5], [1])).toThrow(/one window count per reference bin/);
  });

  it('names the bands stable, moderate and major at 0.1 and 0.25', () => {
    expect(psiBand(0.099, DEFAULT_THRESHOLDS)).toBe('stable');
    expect(psiBand(0.1, DEFAULT_THRESHOLDS)).toBe('moderate');
    expect(psiBand(0.25, DEFAULT_THRESHOLDS)).toBe('major');
  });
});

describe('Wasserstein distance to the reference quantiles', () => {
  it('is 25 between Uniform(0, 100) and a point mass at 50', () => {
    expect(wassersteinToQuantiles(uniformQuantiles, Float64Array.of(50))).toBeCloseTo(25, 10);
  });

  it('is 25 between Uniform(0, 100) and half the mass at each end', () => {
    expect(wassersteinToQuantiles(uniformQuantiles, Float64Array.of(0, 100))).toBeCloseTo(25, 10);
  });

  it('equals the shift when the whole distribution moves by a constant', () => {
    const quantiles = Array.from({ length: 101 }, (_, k) => (k < 50 ? 1 : 3));
    // reference: 1 on [0, 0.495], ramp to 3 over [0.49, 0.50], 3 after; window: the same shifted by 2
    const window = Float64Array.from({ length: 1000 }, (_, i) => ((i + 0.5) / 1000 <= 0.495 ? 3 : 5));
    expect(wassersteinToQuantiles(quantiles, window)).toBeCloseTo(2, 2);
  });

  it('is the step error 100/(4n) for n midpoints of the reference curve', () => {
    // on each step of width 1/n, |100u − midpoint| averages 100/(4n)
    const n = 100_000;
    const window = Float64Array.from({ length: n }, (_, i) => (100 * (i + 0.5)) / n);
    expect(wassersteinToQuantiles(uniformQuantiles, window)).toBeCloseTo(100 / (4 * n), 12);
  });

  it('is normalised by the reference std, or by max(|mean|, 1) for a constant reference', () => {
    const ref = columnReference('x', Float64Array.of(0, 0, 2, 2)); // std (n−1) = √(4/3)
    expect(referenceScale(ref)).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(referenceScale(columnReference('c', Float64Array.of(5, 5, 5)))).toBe(5);
    expect(referenceScale(columnReference('z', Float64Array.of(0, 0)))).toBe(1);
  });
});

describe('drift of one column', () => {
  const trainingAges = Float64Array.from({ length: 1000 }, (_, i) => i % 4); // 0,1,2,3 each 25 %
  const reference = columnReference('ageLevel', trainingAges);
  const thresholds = { ...DEFAULT_THRESHOLDS, minWindowRows: 100 };

  it('computes PSI on the reference bins and Wasserstein/std by hand', () => {
    // window: 50 % age 0, 50 % age 3 → shares [0.5, ε, ε, 0.5] against [0.25]·4
    const window = Float64Array.from({ length: 400 }, (_, i) => (i % 2 ? 3 : 0));
    const drift = columnDrift(reference, window, thresholds);
    const e = 1e-4;
    const psi = 2 * (0.5 - 0.25) * Math.log(0.5 / 0.25) + 2 * (e - 0.25) * Math.log(e / 0.25);
    expect(drift.psi).toBeCloseTo(psi, 10);
    expect(drift.psiBand).toBe('major');
    // Q_ref through the 101 quantiles of 0,1,2,3 (25 % each); Q_win = 0 then 3: the exact integral
    const sorted = Float64Array.from(window).sort();
    const w = wassersteinToQuantiles(reference.quantiles, sorted);
    expect(drift.wassersteinPerStd).toBeCloseTo(w / reference.std, 12);
    // Q_ref: 0, 1, 2, 3 on quarters with 1 %-wide ramps at the quartiles (numpy-linear quantiles of
    // 1000 values); Q_win: 0 then 3. Pieces: 0.00375 + 0.00875 + 0.23 + 0.0125 | 0.0125 + 0.23 + 0.00875 + 0.00375
    expect(w).toBeCloseTo(0.51, 10);
    expect(drift.drifted).toBe(true);
    expect(drift.windowMean).toBe(1.5);
  });

  it('does not drift for a window drawn like the reference', () => {
    const window = Float64Array.from({ length: 400 }, (_, i) => (i * 7) % 4);
    const drift = columnDrift(reference, window, thresholds);
    expect(drift.psi).toBeCloseTo(0, 12);
    expect(drift.psiBand).toBe('stable');
    expect(drift.drifted).toBe(false);
  });

  it('skips missing values and judges nothing below the minimum window size', () => {
    const window = Float64Array.of(0, Number.NaN, 3, 3);
    const drift = columnDrift(reference, window, thresholds);
    expect(drift.count).toBe(3);
    expect(drift.psiBand).toBe('insufficient-data');
    expect(drift.drifted).toBe(false);
  });

  it('registers a move away from a constant reference column', () => {
    const constant = columnReference('hasFullHistory', new Float64Array(500).fill(1));
    const same = columnDrift(constant, new Float64Array(300).fill(1), thresholds);
    expect(same.psi).toBeCloseTo(0, 12);
    expect(same.drifted).toBe(false);
    const moved = columnDrift(
      constant,
      Float64Array.from({ length: 300 }, (_, i) => (i < 150 ? 0 : 1)),
      thresholds,
    );
    // shares [0.5, 0.5, ε] against [ε, 1, ε]; W = 0.5 over scale max(|1|, 1) = 1
    const e = 1e-4;
    expect(moved.psi).toBeCloseTo((0.5 - e) * Math.log(0.5 / e) + (0.5 - 1) * Math.log(0.5), 10);
    expect(moved.wassersteinPerStd).toBeCloseTo(0.5, 10);
    expect(moved.drifted).toBe(true);
  });

  it('needs both statistics under the default rule, one under "either" (a numeric column)', () => {
    // a rare category doubling: large W/std on a tiny-std column, small PSI
    const rare = columnReference(
      'purchases',
      Float64Array.from({ length: 10_000 }, (_, i) => (i < 10 ? 1 : 0)),
    );
    // 1 % ones against 0.1 %: W = ∫_{0.99}^{1} |100(u − 0.99) − 1| du = 0.005, std ≈ 0.0316 → 0.158;
    // PSI = (0.99 − 0.999)·ln(0.99/0.999) + (0.01 − 0.001)·ln(10) ≈ 0.0208
    const window = Float64Array.from({ length: 1000 }, (_, i) => (i < 10 ? 1 : 0));
    // A 0/1 column is categorical by default (Jensen–Shannon decides, see categoricalDrift.test.ts):
    // one allowed category makes it numeric, so the driftRule is what is tested here.
    const numeric = { ...thresholds, maxCategoricalValues: 1 };
    const both = columnDrift(rare, window, numeric);
    expect(both.test).toBe('psi-wasserstein');
    expect(both.wassersteinPerStd).toBeCloseTo(0.005 / rare.std, 10);
    expect(both.psi).toBeCloseTo(-0.009 * Math.log(0.99 / 0.999) + 0.009 * Math.log(10), 10);
    expect(both.drifted).toBe(false);
    expect(columnDrift(rare, window, { ...numeric, driftRule: 'either' }).drifted).toBe(true);
  });
});
