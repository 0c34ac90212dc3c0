import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fitBinCuts } from '../../src/ml/histogram/binning.ts';
import { sortFloat64 } from '../../src/ml/histogram/radixSort.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';
import { bitIdentical } from './treeHelpers.ts';

/** Sorted by the radix sort and by the native sort, compared with Object.is so −0 and +0 differ. */
function expectSameAsNative(values: Float64Array): void {
  const expected = values.slice().sort();
  const sorted = sortFloat64(values);
  expect(sorted).toBe(values);
  expect(bitIdentical(sorted, expected)).toBe(true);
}

const SPECIAL = [
  0,
  -0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2.2250738585072014e-308, // smallest normal
  -2.225073858507201e-308, // largest subnormal, negated
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1,
  -1,
  0.1,
  -0.1,
  2 ** 52,
  -(2 ** 53),
];

/** Longer than the native-sort cut-off, with duplicates, special values and every magnitude. */
const longArrays = fc
  .array(
    fc.oneof(
      fc.double({ noNaN: true }),
      fc.constantFrom(...SPECIAL),
      fc.integer({ min: -1000, max: 1000 }).map((cents) => cents / 100),
    ),
    { minLength: 256, maxLength: 3000 },
  )
  .map((values) => Float64Array.from(values));

describe('sortFloat64', () => {
  it('sorts any NaN-free array exactly as Float64Array.prototype.sort does', () => {
    fc.assert(
      fc.property(longArrays, (values) => expectSameAsNative(values)),
      { numRuns: 200 },
    );
  });

  it('matches the native sort on short arrays too', () => {
    fc.assert(
      fc.property(fc.float64Array({ noNaN: true, maxLength: 300 }), (values) => expectSameAsNative(values)),
      { numRuns: 300 },
    );
  });

  it('puts −0 before +0 and keeps every duplicate', () => {
    const values = new Float64Array(1000);
    for (let i = 0; i < values.length; i++) values[i] = i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 5;
    expectSameAsNative(values);
    // 334 negative zeros (i = 0, 3, …, 999), then 333 positive zeros, then the fives.
    expect(Object.is(values[333], -0)).toBe(true);
    expect(Object.is(values[334], 0)).toBe(true);
    expect(values[667]).toBe(5);
  });

  it('handles all-equal, all-negative, subnormal and infinite inputs', () => {
    const rng = createRng(7);
    expectSameAsNative(new Float64Array(5000).fill(3.25));
    expectSameAsNative(new Float64Array(5000).fill(-0));
    expectSameAsNative(Float64Array.from({ length: 5000 }, () => -Math.exp(20 * rng())));
    expectSameAsNative(Float64Array.from({ length: 5000 }, () => (rng() - 0.5) * 1e3 * Number.MIN_VALUE));
    expectSameAsNative(
      Float64Array.from({ length: 5000 }, (_, i) =>
        i % 10 === 0
          ? Number.NEGATIVE_INFINITY
          : i % 10 === 1
            ? Number.POSITIVE_INFINITY
            : (rng() - 0.5) * 1e300,
      ),
    );
  });

  it('sorts empty and one-element arrays', () => {
    expectSameAsNative(new Float64Array(0));
    expectSameAsNative(Float64Array.of(-0));
  });

  it('sorts a subarray in place, leaving the rest of the buffer alone', () => {
    const rng = createRng(3);
    const buffer = Float64Array.from({ length: 3000 }, () => rng() - 0.5);
    const before = buffer.slice();
    const middle = buffer.subarray(500, 2500);
    expectSameAsNative(middle);
    expect(bitIdentical(buffer.subarray(0, 500), before.subarray(0, 500))).toBe(true);
    expect(bitIdentical(buffer.subarray(2500), before.subarray(2500))).toBe(true);
  });

  it('falls back to the native order (NaN last) when an array holds NaN', () => {
    const rng = createRng(5);
    const values = Float64Array.from({ length: 2000 }, (_, i) => (i % 97 === 0 ? Number.NaN : rng() - 0.5));
    expectSameAsNative(values);
  });
});

describe('fitBinCuts with the radix sort', () => {
  it('places the same cuts, bit for bit, as with the native sort on realistic columns', async () => {
    const nRows = 150_000; // above the 100k sample, so the strided sample is what gets sorted
    const rng = createRng(11);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const priceCents = new Float64Array(nRows);
    const score = new Float64Array(nRows);
    const balance = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      priceCents[i] = rng() < 0.03 ? Number.NaN : Math.round(Math.exp(3 + gaussian()) * 100) / 100;
      score[i] = gaussian();
      balance[i] = rng() < 0.2 ? -0 : Math.round((rng() - 0.7) * 1e6) / 100;
    }
    const X = Matrix.fromColumns(['price', 'score', 'balance'], [priceCents, score, balance]);

    vi.resetModules();
    const nativeSort = vi.fn((values: Float64Array) => values.sort());
    vi.doMock('../../src/ml/histogram/radixSort.ts', () => ({ sortFloat64: nativeSort }));
    try {
      const { fitBinCuts: fitBinCutsNative } = await import('../../src/ml/histogram/binning.ts');
      const radixCuts = fitBinCuts(X);
      const nativeCuts = fitBinCutsNative(X);
      // Every column went through the sort (more than 254 distinct values), not the distinct-value path.
      expect(nativeSort).toHaveBeenCalledTimes(3);
      for (let f = 0; f < radixCuts.length; f++) expect(bitIdentical(radixCuts[f], nativeCuts[f])).toBe(true);
    } finally {
      vi.doUnmock('../../src/ml/histogram/radixSort.ts');
      vi.resetModules();
    }
  });
});
