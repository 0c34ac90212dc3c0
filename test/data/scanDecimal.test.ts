import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDecimal, scanEnd } from '../../src/data/parse/byteNumber.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('the one decimal fast path', () => {
  it('reads short decimals exactly as Number() does, and stops at the first other byte', () => {
    expect(scanDecimal(bytes('0.054926,12'), 0, 11)).toBe(0.054926);
    expect(scanEnd).toBe(8);
    expect(scanDecimal(bytes('129;'), 0, 4)).toBe(129);
    expect(scanEnd).toBe(3);
    expect(scanDecimal(bytes('x'), 0, 1)).toBeNaN();
  });

  it('gives up (NaN) where the division would not be exact: 2^53 and beyond, more than 22 decimals', () => {
    expect(scanDecimal(bytes('9007199254740992'), 0, 16)).toBeNaN();
    expect(scanDecimal(bytes('9007199254740991'), 0, 16)).toBe(9007199254740991);
    expect(scanDecimal(bytes(`0.${'1'.repeat(23)}`), 0, 25)).toBeNaN();
  });

  it('never returns a value other than Number(text) for any digits[.digits] token', () => {
    const token = fc
      .tuple(fc.stringMatching(/^[0-9]{0,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,24}$/)))
      .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`))
      .filter((text) => /[0-9]/.test(text));
    fc.assert(
      fc.property(token, (text) => {
        const value = scanDecimal(bytes(`${text},`), 0, text.length + 1);
        expect(scanEnd).toBe(text.length);
        if (!Number.isNaN(value)) expect(Object.is(value, Number(text))).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
