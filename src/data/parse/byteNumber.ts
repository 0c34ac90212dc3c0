/**
 * Decimal numbers read straight from bytes, without making a string: the parser's hot path.
 *
 * Fast path (Clinger 1990): digits are gathered into an integer mantissa m and a count s of digits
 * after the point; when m ≤ 2^53 and s ≤ 22 both m and 10^s are exact doubles, so the one division
 * m / 10^s is correctly rounded and equals `Number(text)` bit for bit. Anything else (exponents,
 * more than 15–16 significant digits, `Infinity`, a stray character) takes the slow path through
 * `Number()`, so the result is always exactly what `Number(text)` gives, or NaN when the token is
 * not a finite number.
 */

const MINUS = 45;
export const DOT = 46;
export const ZERO = 48;
/** Integers up to 2^53 are exact doubles. */
export const MAX_EXACT_MANTISSA = 2 ** 53;
/** 10^0 … 10^22: every one an exact double. */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A read position over one line of bytes. `readNumber()` reads the token at `pos` and leaves `pos`
 * on the byte that ended it (a comma, the separator or `end`).
 *
 * @example
 * const cursor = new ByteNumberCursor();
 * cursor.reset(Buffer.from('0.054926,12'), 0, 11, 59);
 * cursor.readNumber(); // 0.054926, pos now on the comma
 */
export class ByteNumberCursor {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  separator = 59;

  reset(buf: Uint8Array, start: number, end: number, separator: number): void {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.separator = separator;
  }

  /** The number at `pos`, or NaN when the token is not a finite number. */
  readNumber(): number {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let p = start;
    let negative = false;
    if (p < end && buf[p] === MINUS) {
      negative = true;
      p++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    while (p < end) {
      const digit = buf[p] - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digits++;
      p++;
    }
    if (p < end && buf[p] === DOT) {
      p++;
      while (p < end) {
        const digit = buf[p] - ZERO;
        if (digit < 0 || digit > 9) break;
        mantissa = mantissa * 10 + digit;
        digits++;
        scale++;
        p++;
      }
    }
    if (digits === 0 || mantissa > MAX_EXACT_MANTISSA || scale > 22) return this.readSlow(start);
    if (p < end) {
      const next = buf[p];
      if (next !== 44 && next !== this.separator) return this.readSlow(start);
    }
    this.pos = p;
    const value = scale === 0 ? mantissa : mantissa / POW10[scale];
    return negative ? -value : value;
  }

  /** The raw text of the token at `start` (for error messages). */
  tokenText(start: number): string {
    const stop = this.tokenEnd(start);
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, stop - start).toString('latin1');
  }

  private tokenEnd(start: number): number {
    const buf = this.buf;
    let p = start;
    while (p < this.end && buf[p] !== 44 && buf[p] !== this.separator) p++;
    return p;
  }

  private readSlow(start: number): number {
    const stop = this.tokenEnd(start);
    this.pos = stop;
    const text = Buffer.from(this.buf.buffer, this.buf.byteOffset + start, stop - start).toString('latin1');
    if (text.trim() === '') return Number.NaN;
    const value = Number(text);
    return Number.isFinite(value) ? value : Number.NaN;
  }
}
