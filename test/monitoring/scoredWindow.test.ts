import { describe, expect, it } from 'vitest';
import { parseVector } from '../../src/monitoring/scoredWindow.ts';

const parse = (text: string, width = 3) => {
  const vector = new Float64Array(width);
  const ok = parseVector(text, vector);
  return { ok, values: [...vector] };
};

describe('parsing a logged feature vector', () => {
  it('reads numbers as JSON.parse does, exponents and negatives included', () => {
    const text = '[0.05426610052857719,-3,1e-7]';
    expect(parse(text)).toEqual({ ok: true, values: JSON.parse(text) });
  });

  it('reads null as missing (NaN)', () => {
    expect(parse('[1,null,2]')).toEqual({ ok: true, values: [1, Number.NaN, 2] });
  });

  it('flags a vector of the wrong length and fills the absent entries with NaN', () => {
    expect(parse('[1,2]')).toEqual({ ok: false, values: [1, 2, Number.NaN] });
    expect(parse('[1,2,3,4]')).toEqual({ ok: false, values: [1, 2, 3] });
    expect(parse('[]')).toEqual({ ok: false, values: [Number.NaN, Number.NaN, Number.NaN] });
  });

  it('flags text that is not an array, and unparsable entries are missing', () => {
    expect(parse('{"a":1}')).toEqual({ ok: false, values: [Number.NaN, Number.NaN, Number.NaN] });
    expect(parse('[1,"x",3]')).toEqual({ ok: true, values: [1, Number.NaN, 3] });
  });
});
