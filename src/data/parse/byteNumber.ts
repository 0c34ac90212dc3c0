/**
 * Decimal numbers read straight from bytes, without making a string: the parser's hot path.
 *
 * Fast path: `scanDecimal` below (Clinger 1990). Anything else (exponents, more than 15–16
 * significant digits, `Infinity`, a stray character) takes the slow path through `Number()`, so the
 * result is always exactly what `Number(text)` gives, or NaN when the token is not a finite number.
 */

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
/** Integers below 2^53 are exact doubles (and an accumulated mantissa below it was exact all along). */
const MAX_EXACT_MANTISSA = 2 ** 53;
/** 10^0 … 10^22: every one an exact double. */
const MAX_EXACT_POWER = 22;
const POW10: readonly number[] = Array.from({ length: MAX_EXACT_POWER + 1 }, (_, i) => 10 ** i);

/** Where the last `scanDecimal` stopped (a module slot: the hot loops allocate no result object). */
export let scanEnd = 0;

/**
 * The one decimal fast path (Clinger 1990) of the log parser and the JSON body reader: read
 * `digits[.digits]` from `from` (no sign; stops at `end` or the first other byte, whose offset is
 * left in `scanEnd`) and return its value when the mantissa m < 2^53 and there are ≤ 22 digits after
 * the point: m and 10^s are then exact doubles, so m / 10^s is correctly rounded and equals
 * `Number(text)` bit for bit. Otherwise (no digit, too many digits) NaN: the caller's slow path
 * converts the token's text with `Number()`.
 *
 * @example
 * scanDecimal(Buffer.from('0.054926,12'), 0, 11); // 0.054926, scanEnd 8 (the comma)
 */
export function scanDecimal(buf: Uint8Array, from: number, end: number): number {
  let p = from;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (let digit = buf[p] - ZERO; p < end && digit >= 0 && digit <= 9; digit = buf[++p] - ZERO) {
    mantissa = mantissa * 10 + digit;
    digits++;
  }
  if (p < end && buf[p] === DOT) {
    for (let digit = buf[++p] - ZERO; p < end && digit >= 0 && digit <= 9; digit = buf[++p] - ZERO) {
      mantissa = mantissa * 10 + digit;
      fractionDigits++;
    }
  }
  scanEnd = p;
  if (digits + fractionDigits === 0 || mantissa >= MAX_EXACT_MANTISSA || fractionDigits > MAX_EXACT_POWER) {
    return Number.NaN;
  }
  return fractionDigits === 0 ? mantissa : mantissa / POW10[fractionDigits];
}

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
    const negative = start < end && buf[start] === MINUS;
    const value = scanDecimal(buf, negative ? start + 1 : start, end);
    const p = scanEnd;
    if (Number.isNaN(value)) return this.readSlow(start);
    if (p < end) {
      const next = buf[p];
      if (next !== 44 && next !== this.separator) return this.readSlow(start);
    }
    this.pos = p;
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
