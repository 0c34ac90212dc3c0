import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { columnSketch, referenceScale, sketchDrift } from '../../src/monitoring/stats/columnDrift.ts';
import { EXACT_VALUES } from '../../src/monitoring/stats/columnSketch.ts';
import { wassersteinToQuantiles } from '../../src/monitoring/stats/wasserstein.ts';
import { columnReference, quantileSorted } from '../../src/registry/reference.ts';

/** Deterministic standard normals (Box–Muller over a fixed LCG). */
function normals(n: number, seed: number, mean = 0, std = 1): Float64Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Float64Array.from({ length: n }, () => {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    return mean + std * r * Math.cos(2 * Math.PI * uniform());
  });
}

describe('streamed column sketch', () => {
  const reference = columnReference('x', normals(50_000, 1));
  const window = normals(200_000, 2, 0.4, 1.3); // shifted and wider, with values past the training range
  const sorted = Float64Array.from(window).sort();

  it('keeps a fixed number of atoms for a window far past EXACT_VALUES', () => {
    const sketch = columnSketch(reference, DEFAULT_THRESHOLDS);
    for (const v of window) sketch.add(v);
    const atoms = sketch.atoms();
    expect(window.length).toBeGreaterThanOrEqual(10 * EXACT_VALUES);
    // 100 percentile pieces × 32 sub-bins + 2 × 256 tail bins + 2 open bins
    expect(atoms.values.length).toBeLessThanOrEqual(100 * 32 + 2 * 256 + 2);
    expect(atoms.weights?.reduce((a, b) => a + b, 0)).toBe(window.length);
  });

  it('gives count, mean and PSI exactly and W/std and quantiles within a sub-bin of the exact ones', () => {
    const sketch = columnSketch(reference, DEFAULT_THRESHOLDS);
    for (const v of window) sketch.add(v);
    const drift = sketchDrift(reference, sketch, DEFAULT_THRESHOLDS);
    expect(drift.count).toBe(window.length);
    expect(drift.windowMean).toBeCloseTo(window.reduce((a, b) => a + b, 0) / window.length, 12);
    const exactW = wassersteinToQuantiles(reference.quantiles, sorted) / referenceScale(reference);
    expect(Math.abs((drift.wassersteinPerStd ?? 0) - exactW)).toBeLessThan(0.005);
    // The widest inner percentile piece of a normal reference is ~0.3 std (tails); 1/32 of it bounds the error.
    const exactQ = [0.1, 0.5, 0.9].map((p) => quantileSorted(sorted, p));
    drift.windowQuantiles?.forEach((q, i) => {
      expect(Math.abs(q - exactQ[i])).toBeLessThan(0.02);
    });
    expect(drift.drifted).toBe(true);
  });

  it('is exact up to EXACT_VALUES values', () => {
    const small = window.subarray(0, EXACT_VALUES);
    const sketch = columnSketch(reference, DEFAULT_THRESHOLDS);
    for (const v of small) sketch.add(v);
    const drift = sketchDrift(reference, sketch, DEFAULT_THRESHOLDS);
    const smallSorted = Float64Array.from(small).sort();
    expect(drift.wassersteinPerStd).toBe(
      wassersteinToQuantiles(reference.quantiles, smallSorted) / referenceScale(reference),
    );
    expect(drift.windowQuantiles?.[1]).toBe(quantileSorted(smallSorted, 0.5));
  });
});
