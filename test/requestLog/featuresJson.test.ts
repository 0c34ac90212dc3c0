import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featuresJson } from '../../src/monitoring/requestLog/requestRow.ts';

describe('featuresJson', () => {
  it('writes each number as String() does and non-finite values as null', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (values) => {
        const expected = `[${values.map((v) => (Number.isFinite(v) ? String(v) : 'null')).join(',')}]`;
        expect(featuresJson(Float64Array.from(values))).toBe(expected);
        expect(featuresJson(values)).toBe(expected);
      }),
    );
  });

  it('round-trips finite vectors exactly through JSON.parse (−0 is written as 0)', () => {
    const vector = Float64Array.of(0.1 + 0.2, 1e21, 5e-324, -0, 42, -1.5);
    expect(featuresJson(vector)).toBe('[0.30000000000000004,1e+21,5e-324,0,42,-1.5]');
    expect(JSON.parse(featuresJson(vector))).toEqual([0.30000000000000004, 1e21, 5e-324, 0, 42, -1.5]);
  });
});
