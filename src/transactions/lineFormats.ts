import { splitCsvLine } from './csvLine.ts';
import { type DateFormat, parseDay } from './dates.ts';
import { TransactionInputError } from './errors.ts';
import type { CsvColumnMapping } from './formats.ts';
import type { TransactionRejectReason } from './rejectReasons.ts';

/** What a format's line reader hands back: a transaction, a rejection, or a cancellation to count. */
export type LineOutcome =
  | { kind: 'transaction'; customer: string; day: number; amount: number; invoice: string | null }
  | { kind: 'rejected'; reason: TransactionRejectReason; detail: () => string }
  | { kind: 'cancellation'; amount: number };

/** One format: an optional header, then one outcome per data line. */
export interface LineFormat {
  /** Called with the first line; true when it was a header (not data). May throw a one-line error. */
  readHeader(line: string): boolean;
  parse(line: string): LineOutcome;
}

// The detail is built only for the bad lines the summary lists (a file can have 100k bad lines).
const rejected = (reason: TransactionRejectReason, detail: () => string): LineOutcome => ({
  kind: 'rejected',
  reason,
  detail,
});

/** Spellings of a missing value in exports (R writes NA, pandas NaN, SQL NULL). */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null', 'None']);

/** The customer id of a CSV field: trimmed, a float-exported integer's `.0` dropped, '' when missing. */
function customerId(field: string): string {
  const trimmed = field.trim();
  return MISSING.has(trimmed) ? '' : trimmed.replace(/\.0+$/, '');
}

/** A number written in full: '' and ' ' are not 0 here (Number('') is). */
export function parseAmount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/**
 * CDNOW, whitespace-separated: master `id date cds dollars`, or the sample's
 * `masterId sampleId date cds dollars` (the customer is the sample id, as in the papers' summary).
 * Leading zeros of ids are dropped (`00004` → `4`).
 */
export function cdnowFormat(sample: boolean): LineFormat {
  const columns = sample ? 5 : 4;
  const other = sample ? 'cdnow' : 'cdnow-sample';
  return {
    readHeader: (line) => !/^\s*\d/.test(line),
    parse(line) {
      const fields = line.trim().split(/\s+/);
      if (fields.length !== columns) {
        return rejected(
          'column-count',
          () =>
            `${fields.length} columns, expected ${columns}${fields.length === 9 - columns ? ` (is it --format ${other}?)` : ''}`,
        );
      }
      const customer = fields[sample ? 1 : 0]!.replace(/^0+(?=\d)/, '');
      const offset = sample ? 2 : 1;
      const day = parseDay(fields[offset]!, 'yyyymmdd');
      if (Number.isNaN(day))
        return rejected('bad-date', () => `date ${JSON.stringify(fields[offset])} is not YYYYMMDD`);
      const cds = parseAmount(fields[offset + 1]!);
      const dollars = parseAmount(fields[offset + 2]!);
      if (!Number.isFinite(cds) || !Number.isFinite(dollars)) {
        return rejected(
          'non-numeric',
          () => `CDs ${fields[offset + 1]} or dollars ${fields[offset + 2]} is not a number`,
        );
      }
      if (cds < 0 || dollars < 0) return rejected('negative-amount', () => `CDs ${cds}, dollars ${dollars}`);
      return { kind: 'transaction', customer, day, amount: dollars, invoice: null };
    },
  };
}

/** A CSV file with a header, read through a column mapping (the generic format and Online Retail). */
export function csvFormat(mapping: CsvColumnMapping): LineFormat {
  const delimiter = mapping.delimiter ?? ',';
  const dateFormat: DateFormat = mapping.dateFormat ?? 'iso';
  let columnCount = 0;
  let customerColumn = -1;
  let dateColumn = -1;
  let amountColumn = -1;
  let quantityColumn = -1;
  let priceColumn = -1;
  let invoiceColumn = -1;
  return {
    readHeader(line) {
      const header = splitCsvLine(line.replace(/^\uFEFF/, ''), delimiter)?.map((name) => name.trim());
      if (!header)
        throw new TransactionInputError('the header line has an unclosed quote; is this a CSV file?');
      columnCount = header.length;
      const find = (name: string | undefined, option: string): number => {
        if (name === undefined) return -1;
        const index = header.indexOf(name);
        if (index === -1) {
          throw new TransactionInputError(
            `column ${JSON.stringify(name)} (${option}) is not in the header (${header.map((h) => JSON.stringify(h)).join(', ')}); ` +
              `pass the header's name with ${option}${delimiter === ',' ? ' or set --delimiter' : ''}.`,
          );
        }
        return index;
      };
      customerColumn = find(mapping.customer, '--customer');
      dateColumn = find(mapping.date, '--date');
      if (mapping.amount === undefined && (mapping.quantity === undefined || mapping.price === undefined)) {
        throw new TransactionInputError('no amount column: pass --amount, or --quantity and --price.');
      }
      amountColumn = find(mapping.amount, '--amount');
      quantityColumn = find(mapping.quantity, '--quantity');
      priceColumn = find(mapping.price, '--price');
      invoiceColumn = find(mapping.invoice, '--invoice');
      return true;
    },
    parse(line) {
      const fields = splitCsvLine(line, delimiter);
      if (!fields) return rejected('unterminated-quote', () => 'a quoted field is not closed');
      if (fields.length !== columnCount) {
        return rejected('column-count', () => `${fields.length} columns, the header has ${columnCount}`);
      }
      const invoice = invoiceColumn >= 0 ? fields[invoiceColumn]!.trim() : null;
      let amount: number;
      let detail: () => string;
      if (amountColumn >= 0) {
        amount = parseAmount(fields[amountColumn]!);
        detail = () => `amount ${JSON.stringify(fields[amountColumn])}`;
      } else {
        const quantity = parseAmount(fields[quantityColumn]!);
        const price = parseAmount(fields[priceColumn]!);
        amount = quantity * price;
        detail = () =>
          `quantity ${JSON.stringify(fields[quantityColumn])} × price ${JSON.stringify(fields[priceColumn])}`;
        if (price < 0) return rejected('negative-amount', () => `price ${price}`);
      }
      if (mapping.cancellationPrefix && invoice?.startsWith(mapping.cancellationPrefix)) {
        return { kind: 'cancellation', amount: Number.isFinite(amount) ? Math.abs(amount) : 0 };
      }
      const customer = customerId(fields[customerColumn]!);
      if (customer === '')
        return rejected(
          'missing-customer',
          () => `no customer id (${JSON.stringify(fields[customerColumn])})`,
        );
      const day = parseDay(fields[dateColumn]!, dateFormat);
      if (Number.isNaN(day)) {
        return rejected('bad-date', () => `date ${JSON.stringify(fields[dateColumn])} is not ${dateFormat}`);
      }
      if (!Number.isFinite(amount)) return rejected('non-numeric', () => `${detail()} is not a number`);
      if (amount < 0) return rejected('negative-amount', () => `${detail()} = ${amount}`);
      return { kind: 'transaction', customer, day, amount, invoice };
    },
  };
}
