import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random.ts';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { referenceCategories } from '../../src/monitoring/stats/categories.ts';
import { columnDrift } from '../../src/monitoring/stats/columnDrift.ts';
import { jensenShannonDistance } from '../../src/monitoring/stats/jensenShannon.ts';
import { columnReference } from '../../src/registry/reference.ts';

/** Entropy in bits: JS = H(m) − (H(p) + H(q))/2 is an independent form of the divergence. */
const entropy = (shares: number[]) => -shares.reduce((h, s) => h + (s > 0 ? s * Math.log2(s) : 0), 0);
const flag = (n: number, share: number) =>
  Float64Array.from({ length: n }, (_, i) => (i < n * share ? 1 : 0));

describe('Jensen–Shannon distance (bits)', () => {
  it('equals sqrt(H(m) − (H(p) + H(q))/2), is symmetric, 0 for equal and 1 for disjoint shares', () => {
    const p = [0.99, 0.01];
    const q = [0.95, 0.05];
    const m = [0.97, 0.03];
    const expected = Math.sqrt(entropy(m) - (entropy(p) + entropy(q)) / 2);
    expect(jensenShannonDistance([99, 1], [95, 5])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.1039, 4);
    expect(jensenShannonDistance([95, 5], [99, 1])).toBeCloseTo(expected, 12);
    expect(jensenShannonDistance([2, 3, 5], [20, 30, 50])).toBe(0);
    expect(jensenShannonDistance([1, 0], [0, 7])).toBeCloseTo(1, 12);
    expect(jensenShannonDistance([0, 0], [1, 1])).toBeNaN();
  });
});

describe('drift of binary and categorical features', () => {
  const reference = columnReference('hasCart', flag(20_000, 0.01));

  it('flags a 0/1 flag going from 1 % to 5 %, which PSI and Wasserstein together did not', () => {
    const drift = columnDrift(reference, flag(2_000, 0.05), DEFAULT_THRESHOLDS);
    expect(drift.test).toBe('jensen-shannon');
    expect(drift.psi).toBeLessThan(DEFAULT_THRESHOLDS.psiModerate);
    expect(drift.jensenShannon).toBeCloseTo(0.1039, 3);
    expect(drift.drifted).toBe(true);
  });

  it('leaves a flag at 1.2 % alone, and counts values outside the categories as their own category', () => {
    expect(columnDrift(reference, flag(2_000, 0.012), DEFAULT_THRESHOLDS).drifted).toBe(false);
    const strange = Float64Array.from(flag(2_000, 0.01), (v, i) => (i >= 1800 ? 0.5 : v));
    const drift = columnDrift(reference, strange, DEFAULT_THRESHOLDS);
    expect(drift.jensenShannon).toBeCloseTo(jensenShannonDistance([0.99, 0.01, 0], [1780, 20, 200]), 12);
    expect(drift.drifted).toBe(true);
  });

  it('treats up to maxCategoricalValues (5) distinct values as categories, more as numeric', () => {
    const levels = (k: number) =>
      columnReference(
        'level',
        Float64Array.from({ length: 5000 }, (_, i) => 1 + (i % k)),
      );
    expect(referenceCategories(levels(5), 5)).toEqual([1, 2, 3, 4, 5]);
    expect(referenceCategories(levels(6), 5)).toBeNull();
    expect(
      columnDrift(
        levels(8),
        Float64Array.from({ length: 500 }, () => 3),
        DEFAULT_THRESHOLDS,
      ).test,
    ).toBe('psi-wasserstein');
  });

  it('keeps a zero-inflated, heavy-tailed revenue numeric, so fresh purchases raise no alarm', () => {
    // 99.5 % zeros and log-normal purchases: the decile cuts collapse to [0] (two bins, like a flag).
    const rng = createRng(7);
    const revenue = (n: number) =>
      Float64Array.from({ length: n }, () =>
        rng() < 0.005 ? Math.exp(3 + Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())) : 0,
      );
    const heavy = columnReference('revenueYuan', revenue(40_000));
    expect(heavy.cuts).toEqual([0]);
    expect(referenceCategories(heavy, 5)).toBeNull();
    const drift = columnDrift(heavy, revenue(5_000), DEFAULT_THRESHOLDS);
    expect(drift.test).toBe('psi-wasserstein');
    expect(drift.jensenShannon).toBeNull();
    expect(drift.drifted).toBe(false);
  });
});
