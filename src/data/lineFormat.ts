import { ITEMS_PER_PAGE, type PageRecord } from './page.ts';

/**
 * Writer of one line of the behaviour log in the documented 15-column format (DATA.md), with the
 * number formats of the real data: padding slots as `0`, rates with up to 6 decimals (`0.054926`,
 * `0.02`, `0.0`), prices and amounts with up to 2 (`29.0`, `25.8`, `49.97`), flags as `0`/`1`.
 * Formatting floats is the cost of writing a log, so fixed decimals are formatted by integer
 * arithmetic and lookup tables rather than `toFixed`.
 */

/** Column separators the parser accepts; `;` is the authors' own. */
export const LINE_SEPARATORS = [';', '\t', '|'] as const;
export type LineSeparator = (typeof LINE_SEPARATORS)[number];

// "000"…"999" and the same with trailing zeros trimmed ("1" for 100, "" for 0).
const PADDED_3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const TRIMMED_3 = PADDED_3.map((s) => s.replace(/0+$/, ''));
// Two decimals after the point, trailing zero trimmed but never empty: ".0", ".5", ".05", ".97".
const CENTS = Array.from(
  { length: 100 },
  (_, i) => `.${i === 0 ? '0' : String(i).padStart(2, '0').replace(/0$/, '')}`,
);

/**
 * A non-negative number with up to 6 decimals, trailing zeros trimmed, at least one decimal
 * (`0.0`, `0.02`, `0.054926`, `1.5`).
 *
 * @example
 * formatRate(0.0549261); // '0.054926'
 */
export function formatRate(value: number): string {
  const micros = Math.round(value * 1e6);
  const whole = Math.floor(micros / 1e6);
  const fraction = micros - whole * 1e6;
  if (fraction === 0) return `${whole}.0`;
  const high = Math.floor(fraction / 1000);
  const low = fraction - high * 1000;
  return low === 0 ? `${whole}.${TRIMMED_3[high]}` : `${whole}.${PADDED_3[high]}${TRIMMED_3[low]}`;
}

/**
 * A non-negative amount rounded to cents, trailing zero trimmed, at least one decimal
 * (`29.0`, `25.8`, `49.97`).
 *
 * @example
 * formatYuan(49.97); // '49.97'
 */
export function formatYuan(value: number): string {
  const cents = Math.round(value * 100);
  const whole = Math.floor(cents / 100);
  return `${whole}${CENTS[cents - whole * 100]}`;
}

function checkValue(value: number, what: string, record: PageRecord, index: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `formatPageLine: line ${record.lineNumber}, item ${index}: ${what} ${value} is not a finite number ≥ 0.`,
    );
  }
}

/**
 * One line of the log (no newline) for a page record: 15 columns, item lists of 50 values, real
 * items first and padding (`0`) after `itemCount`.
 *
 * @example
 * stream.write(`${formatPageLine(record)}\n`);
 */
export function formatPageLine(record: PageRecord, separator: LineSeparator = ';'): string {
  if (!LINE_SEPARATORS.includes(separator)) {
    throw new RangeError(`formatPageLine: separator ${JSON.stringify(separator)}; use one of ; \\t |.`);
  }
  const n = record.itemCount;
  let position = '';
  let ctr = '';
  let cvr = '';
  let price = '';
  let click = '';
  let cart = '';
  let fav = '';
  let purchase = '';
  let state = '';
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    const comma = i === 0 ? '' : ',';
    if (i < n) {
      const priceYuan = record.priceYuan[i];
      checkValue(record.ctr[i], 'ctr', record, i);
      checkValue(record.cvr[i], 'cvr', record, i);
      checkValue(priceYuan, 'price', record, i);
      checkValue(record.purchaseYuan[i], 'purchase amount', record, i);
      position += comma + record.position[i];
      ctr += comma + formatRate(record.ctr[i]);
      cvr += comma + formatRate(record.cvr[i]);
      price += comma + formatYuan(priceYuan);
      click += comma + (record.click[i] === 1 ? '1' : '0');
      cart += comma + (record.cart[i] === 1 ? '1' : '0');
      fav += comma + (record.fav[i] === 1 ? '1' : '0');
      purchase += comma + formatYuan(record.purchaseYuan[i]);
      state += comma + (record.state[i] === 0 ? '0' : formatRate(record.state[i]));
    } else {
      position += `${comma}0`;
      ctr += `${comma}0`;
      cvr += `${comma}0`;
      price += `${comma}0`;
      click += `${comma}0`;
      cart += `${comma}0`;
      fav += `${comma}0`;
      purchase += `${comma}0`;
      state += `${comma}0`;
    }
  }
  const { profile } = record;
  const s = separator;
  return (
    `${record.pageId}${s}${record.hour}${s}${profile.ageLevel}${s}${profile.gender}${s}${profile.purchasePower}` +
    `${s}${position}${s}${ctr}${s}${cvr}${s}${price}${s}${click}${s}${cart}${s}${fav}${s}${purchase}${s}${state}` +
    `${s}${record.terminal}`
  );
}
