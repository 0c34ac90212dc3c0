import { ITEMS_PER_PAGE, type PageRecord } from '../session/index.ts';

/**
 * Writer of one line of the behaviour log in the documented 15-column format (DATA.md), with the
 * number formats of the real data: padding slots as `0`, rates with up to 6 decimals (`0.054926`,
 * `0.02`, `0.0`), prices and amounts with up to 2 (`29.0`, `25.8`, `49.97`), flags as `0`/`1`.
 * Formatting numbers is the cost of writing a log, so lines are encoded straight into bytes by
 * integer arithmetic: no string per number, nothing for the garbage collector.
 */

/** Column separators the parser accepts; `;` is the authors' own. */
export const LINE_SEPARATORS = [';', '\t', '|'] as const;
export type LineSeparator = (typeof LINE_SEPARATORS)[number];

/** An upper bound of the bytes of one encoded line (50 items × 9 lists of ≤ 12 bytes, plus the header). */
export const MAX_LINE_BYTES = 8192;

const DOT = 46;
const ZERO = 48;
const COMMA = 44;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Write a non-negative integer in decimal; returns the offset after it. */
export function writeUint(target: Uint8Array, offset: number, value: number): number {
  if (value < 10) {
    target[offset] = ZERO + value;
    return offset + 1;
  }
  let digits = 1;
  while (digits < POW10.length && value >= POW10[digits]) digits++;
  let rest = value;
  for (let i = offset + digits - 1; i >= offset; i--) {
    const next = Math.floor(rest / 10);
    target[i] = ZERO + (rest - next * 10);
    rest = next;
  }
  return offset + digits;
}

/**
 * Write a non-negative number rounded to `decimals` places, trailing zeros trimmed but at least one
 * decimal (`0.0`, `29.0`, `0.054926`); returns the offset after it.
 */
export function writeDecimal(target: Uint8Array, offset: number, value: number, decimals: number): number {
  const scale = POW10[decimals];
  const scaled = Math.round(value * scale);
  const whole = Math.floor(scaled / scale);
  let fraction = scaled - whole * scale;
  let at = writeUint(target, offset, whole);
  target[at++] = DOT;
  if (fraction === 0) {
    target[at] = ZERO;
    return at + 1;
  }
  let end = at + decimals;
  for (let i = end - 1; i >= at; i--) {
    const next = Math.floor(fraction / 10);
    target[i] = ZERO + (fraction - next * 10);
    fraction = next;
  }
  while (target[end - 1] === ZERO) end--;
  return end;
}

function checkValue(value: number, what: string, record: PageRecord, index: number): void {
  if (!(value >= 0 && value < 1e9)) {
    throw new RangeError(
      `formatPageLine: line ${record.lineNumber}, item ${index}: ${what} ${value} is not a finite number in 0 … 1e9.`,
    );
  }
}

function separatorByte(separator: LineSeparator): number {
  if (!LINE_SEPARATORS.includes(separator)) {
    throw new RangeError(`formatPageLine: separator ${JSON.stringify(separator)}; use one of ; \\t |.`);
  }
  return separator.charCodeAt(0);
}

/** A list of integers (positions, flags): real items, then `0` padding up to 50 slots. */
function writeIntegerList(
  target: Uint8Array,
  at: number,
  values: Int16Array | Uint8Array,
  itemCount: number,
  sep: number,
): number {
  target[at++] = sep;
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    if (i > 0) target[at++] = COMMA;
    if (i < itemCount) at = writeUint(target, at, values[i]);
    else target[at++] = ZERO;
  }
  return at;
}

/** A list of decimals (rates, yuan); zeros written as `0` when `zeroAsInteger` (the state list). */
function writeDecimalList(
  target: Uint8Array,
  at: number,
  values: Float64Array,
  itemCount: number,
  decimals: number,
  sep: number,
  zeroAsInteger: boolean,
): number {
  target[at++] = sep;
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    if (i > 0) target[at++] = COMMA;
    if (i < itemCount && !(zeroAsInteger && values[i] === 0))
      at = writeDecimal(target, at, values[i], decimals);
    else target[at++] = ZERO;
  }
  return at;
}

/**
 * Encode one line (no newline) into `target` from `offset`; returns the offset after it. `target`
 * needs {@link MAX_LINE_BYTES} free bytes. Real items first, padding (`0`) after `itemCount`.
 *
 * @example
 * const end = encodePageLine(record, ';', buffer, start);
 */
export function encodePageLine(
  record: PageRecord,
  separator: LineSeparator,
  target: Uint8Array,
  offset: number,
): number {
  const sep = separatorByte(separator);
  const n = record.itemCount;
  for (let i = 0; i < n; i++) {
    checkValue(record.ctr[i], 'ctr', record, i);
    checkValue(record.cvr[i], 'cvr', record, i);
    checkValue(record.priceYuan[i], 'price', record, i);
    checkValue(record.purchaseYuan[i], 'purchase amount', record, i);
    checkValue(record.state[i], 'state', record, i);
  }
  const { profile } = record;
  let at = writeUint(target, offset, record.pageId);
  target[at++] = sep;
  at = writeUint(target, at, record.hour);
  target[at++] = sep;
  at = writeUint(target, at, profile.ageLevel);
  target[at++] = sep;
  at = writeUint(target, at, profile.gender);
  target[at++] = sep;
  at = writeUint(target, at, profile.purchasePower);
  at = writeIntegerList(target, at, record.position, n, sep);
  at = writeDecimalList(target, at, record.ctr, n, 6, sep, false);
  at = writeDecimalList(target, at, record.cvr, n, 6, sep, false);
  at = writeDecimalList(target, at, record.priceYuan, n, 2, sep, false);
  at = writeIntegerList(target, at, record.click, n, sep);
  at = writeIntegerList(target, at, record.cart, n, sep);
  at = writeIntegerList(target, at, record.fav, n, sep);
  at = writeDecimalList(target, at, record.purchaseYuan, n, 2, sep, false);
  at = writeDecimalList(target, at, record.state, n, 6, sep, true);
  target[at++] = sep;
  target[at++] = ZERO + record.terminal;
  return at;
}

/**
 * One line of the log as a string (no newline): the same bytes as {@link encodePageLine}.
 *
 * @example
 * formatPageLine(record).split(';').length; // 15
 */
export function formatPageLine(record: PageRecord, separator: LineSeparator = ';'): string {
  const buffer = Buffer.allocUnsafe(MAX_LINE_BYTES);
  const end = encodePageLine(record, separator, buffer, 0);
  return buffer.toString('latin1', 0, end);
}
