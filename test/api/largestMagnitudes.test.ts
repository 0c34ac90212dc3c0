import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestMagnitudes } from '../../src/api/predict.ts';

describe('largestMagnitudes', () => {
  it('returns the first k indexes of a stable sort by descending magnitude, ties included', () => {
    // Few distinct values (halves between -3 and 3, many zeros) so that ties are common.
    const valueArb = fc.oneof(
      fc.constant(0),
      fc.integer({ min: -6, max: 6 }).map((h) => h / 2),
    );
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (values, k) => {
        const sorted = Array.from(values.keys()).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]));
        expect(largestMagnitudes(values, k)).toEqual(sorted.slice(0, k));
      }),
      { numRuns: 300 },
    );
  });

  it('reads typed arrays and returns fewer indexes when there are fewer values', () => {
    expect(largestMagnitudes(new Float64Array([0.1, -2, 0.5]), 5)).toEqual([1, 2, 0]);
  });
});
