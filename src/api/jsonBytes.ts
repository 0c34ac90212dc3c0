/**
 * A strict, allocation-free reader of JSON tokens straight from request bytes, for the session fast
 * parser. Every method answers "I am sure" or gives up (`false`, `NaN`, `-1`): it never guesses, so
 * anything unusual (escapes, non-ASCII, exponents it cannot round exactly, negative numbers) is left
 * to `JSON.parse` and the zod schema.
 */

import { scanDecimal, scanEnd } from '../data/parse/byteNumber.ts';

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** A read position over one body's bytes. */
export class JsonBytes {
  pos = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Skip JSON whitespace; returns the next byte (or -1 at the end). */
  peek(): number {
    const b = this.bytes;
    let p = this.pos;
    while (p < b.length) {
      const c = b[p];
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      p++;
    }
    this.pos = p;
    return p < b.length ? b[p] : -1;
  }

  /** Consume `byte` after optional whitespace; false when something else comes. */
  eat(byte: number): boolean {
    if (this.peek() !== byte) return false;
    this.pos++;
    return true;
  }

  /**
   * Read a key `"…":` of plain ASCII and return the index of the matching entry of `keys` (encoded
   * with `asciiKeys`), or -1 for an unknown key, an escape or a non-ASCII byte. `expected` is tried
   * first, in place: bodies list their keys in the documented order, so one pass usually decides.
   */
  key(keys: readonly Uint8Array[], expected = 0): number {
    if (this.peek() !== QUOTE) return -1;
    const b = this.bytes;
    const start = this.pos + 1;
    if (expected < keys.length) {
      const candidate = keys[expected];
      const length = candidate.length;
      let i = 0;
      while (i < length && b[start + i] === candidate[i]) i++;
      if (i === length && b[start + length] === QUOTE) {
        this.pos = start + length + 1;
        return this.eat(0x3a) ? expected : -1;
      }
    }
    if (this.string() < 0) return -1;
    const length = this.pos - 1 - start;
    for (let k = 0; k < keys.length; k++) {
      const candidate = keys[k];
      if (candidate.length !== length) continue;
      let i = 0;
      while (i < length && b[start + i] === candidate[i]) i++;
      if (i === length) return this.eat(0x3a) ? k : -1;
    }
    return -1;
  }

  /**
   * Read a string of printable ASCII without escapes; returns its start offset (the string is
   * `bytes[start, pos - 1)`), or -1 to give up.
   */
  string(): number {
    if (!this.eat(QUOTE)) return -1;
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    while (p < b.length) {
      const c = b[p];
      if (c === QUOTE) {
        this.pos = p + 1;
        return start;
      }
      if (c === BACKSLASH || c < SPACE || c >= 0x7f) return -1;
      p++;
    }
    return -1;
  }

  /** Read a non-negative JSON number (see `numberAt`); `NaN` to give up. */
  number(): number {
    const v = numberAt(this.bytes, this.skipped());
    this.pos = numberEnd;
    return v;
  }

  private skipped(): number {
    this.peek();
    return this.pos;
  }
}

/** Encode keys for `JsonBytes.key`. */
export const asciiKeys = (...keys: string[]): Uint8Array[] =>
  keys.map((k) => Uint8Array.from(k, (ch) => ch.charCodeAt(0)));

/** Where the last `numberAt` stopped (a module slot: the hot loop allocates no result object). */
export let numberEnd = 0;

/**
 * Read a non-negative JSON number at `from` (no whitespace skipped); `NaN` to give up (a minus
 * sign, bad grammar, end of input) and `numberEnd` is where it stopped. The value is identical to
 * JSON.parse's: `scanDecimal`'s exact division for short decimals, else Number() of the validated
 * token (the same correctly rounded conversion).
 */
export function numberAt(b: Uint8Array, from: number): number {
  numberEnd = from;
  const first = b[from];
  // JSON's grammar on top of the shared decimal scan: a digit first (a minus sign also gives up:
  // the schema's numbers are non-negative), no leading zero, a digit after the point.
  if (!(first >= ZERO && first <= NINE)) return Number.NaN;
  if (first === ZERO && b[from + 1] >= ZERO && b[from + 1] <= NINE) return Number.NaN;
  const value = scanDecimal(b, from, b.length);
  const p = scanEnd;
  if (b[p - 1] === DOT) return Number.NaN;
  const c = b[p];
  if (c === LOWER_E || c === UPPER_E) return exponentForm(b, from, p);
  numberEnd = p;
  return Number.isNaN(value) ? tokenValue(b, from, p) : value;
}

// An exponent: validated here, converted by Number() (kept out of numberAt, which stays small).
function exponentForm(b: Uint8Array, start: number, from: number): number {
  let p = from + 1;
  let c = b[p];
  if (c === PLUS || c === MINUS) c = b[++p];
  if (!(c >= ZERO && c <= NINE)) return Number.NaN;
  while (c >= ZERO && c <= NINE) c = b[++p];
  numberEnd = p;
  return tokenValue(b, start, p);
}

// The rare long or exponent form, kept out of numberAt so that the hot function stays small.
function tokenValue(b: Uint8Array, start: number, end: number): number {
  let token = '';
  for (let i = start; i < end; i++) token += String.fromCharCode(b[i]);
  return Number(token);
}
