import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BadTransactionLineError,
  dayNumber,
  formatReadSummary,
  parseDay,
  parseTransactionText,
  readTransactions,
  splitCsvLine,
  TransactionInputError,
} from '../../src/transactions/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'transactions-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('the CDNOW reader', () => {
  it('reads the master layout, skips the header and drops leading zeros of ids', () => {
    const { log, summary } = parseTransactionText(
      ' customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n 00002 19970112  5   77.00\n',
      { format: 'cdnow' },
    );
    expect(log.customerIds).toEqual(['1', '2']);
    expect([...log.day]).toEqual([dayNumber(1997, 1, 1), dayNumber(1997, 1, 12)]);
    expect([...log.amount]).toEqual([11.77, 77]);
    expect(summary).toMatchObject({ linesRead: 3, transactions: 2, customers: 2, rejectedTotal: 0 });
  });

  it('counts every bad line by reason with its line number', () => {
    const text = [
      '00001 19970101 1 11.77',
      '00001 19971301 1 11.77', // month 13
      '00002 19970101 x 10.00',
      '00003 19970101 1 -5.00',
      '',
      '00004 19970101 1',
      '00005 19970230 1 3.00', // 30 February
      '00006 19970105 2 20.00',
    ].join('\n');
    const { log, summary } = parseTransactionText(text, { format: 'cdnow' });
    expect(log.length).toBe(2);
    expect(summary.rejected).toMatchObject({
      'bad-date': 2,
      'non-numeric': 1,
      'negative-amount': 1,
      'blank-line': 1,
      'column-count': 1,
    });
    expect(summary.firstBadLines.map((bad) => [bad.lineNumber, bad.reason])).toEqual([
      [2, 'bad-date'],
      [3, 'non-numeric'],
      [4, 'negative-amount'],
      [5, 'blank-line'],
      [6, 'column-count'],
      [7, 'bad-date'],
    ]);
    expect(formatReadSummary(summary).join('\n')).toMatch(
      /line 7: bad-date: date "19970230" is not YYYYMMDD/,
    );
  });

  it('stops at the first bad line in strict mode with file, line and reason', () => {
    expect(() =>
      parseTransactionText('00001 19970101 1 11.77\n00001 1997 1 11.77\n', {
        format: 'cdnow',
        strict: true,
        source: 'f.txt',
      }),
    ).toThrow(new BadTransactionLineError('f.txt', 2, 'bad-date', 'date "1997" is not YYYYMMDD'));
  });

  it('uses the sample id of the 5-column sample, and says so when the format flag is wrong', () => {
    const sample = ' 00004 0001 19970101  2   29.33\n 00021 0002 19970101  3   63.34\n';
    expect(parseTransactionText(sample, { format: 'cdnow-sample' }).log.customerIds).toEqual(['1', '2']);
    expect(() => parseTransactionText(sample, { format: 'cdnow', source: 's.txt' })).toThrow(
      /s\.txt: none of its 2 lines is a cdnow transaction \(most lines column-count: 2; line 1: 5 columns, expected 4 \(is it --format cdnow-sample\?\)\)/,
    );
  });
});

const onlineRetail = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '"536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850,"United Kingdom"',
  '"536365","71053","WHITE METAL LANTERN, ""LARGE""",6,2010-12-01 08:26:00,3.39,17850,"United Kingdom"',
  '"536366","22633","HAND WARMER UNION JACK",6,2010-12-01 08:28:00,1.85,17850,"United Kingdom"',
  '"C536379","D","Discount",-1,2010-12-01 09:41:00,27.5,14527,"United Kingdom"',
  '"536414","22139",NA,56,2010-12-01 11:52:00,0,NA,"United Kingdom"',
  '"A563186","B","Adjust bad debt",1,2011-08-12 14:51:00,-11062.06,,"United Kingdom"',
  '"536367","84879","ASSORTED COLOUR BIRD ORNAMENT",32,2010-12-01 08:34:00,1.69,13047.0,"United Kingdom"',
  '"536368","22960","JAM MAKING SET WITH JARS",6,not a date,4.25,13047,"United Kingdom"',
  '"536369","21756","BATH BUILDING BLOCK WORD",-3,2010-12-01 08:35:00,5.95,13047,"United Kingdom"',
].join('\n');

describe('the Online Retail reader', () => {
  it('sums invoice lines into transactions, leaves cancellations out and rejects lines without a customer', () => {
    const { log, summary } = parseTransactionText(onlineRetail, { format: 'online-retail' });
    expect(log.customerIds).toEqual(['17850', '13047']);
    expect(log.length).toBe(3);
    expect(log.amount[0]).toBeCloseTo(6 * 2.55 + 6 * 3.39, 10);
    expect(log.amount[1]).toBeCloseTo(6 * 1.85, 10);
    expect(log.amount[2]).toBeCloseTo(32 * 1.69, 10);
    expect(summary.cancellationLines).toBe(1);
    expect(summary.cancelledAmount).toBeCloseTo(27.5, 10);
    expect(summary.rejected).toMatchObject({ 'missing-customer': 1, 'negative-amount': 2, 'bad-date': 1 });
    expect(summary.firstBadLines.map((bad) => bad.lineNumber)).toEqual([6, 7, 9, 10]);
  });

  it('reads the same file gzip-compressed, recognised by its first bytes', async () => {
    const plain = await readTransactions(file('retail.csv', onlineRetail), { format: 'online-retail' });
    const gz = await readTransactions(file('retail.csv.gz', gzipSync(onlineRetail)), {
      format: 'online-retail',
    });
    expect(gz.log).toEqual(plain.log);
    expect({ ...gz.summary, source: '' }).toEqual({ ...plain.summary, source: '' });
  });

  it('fails with one line on a corrupt gzip file', async () => {
    const broken = gzipSync(onlineRetail).subarray(0, 40);
    await expect(
      readTransactions(file('broken.csv.gz', broken), { format: 'online-retail' }),
    ).rejects.toThrow(/cannot read .*broken\.csv\.gz as gzip: unexpected end of file/);
  });
});

describe('the generic CSV reader', () => {
  const columns = { customer: 'client', date: 'day', amount: 'total', dateFormat: 'dd/mm/yyyy' as const };

  it('maps columns by header name, in any order', () => {
    const { log } = parseTransactionText('total;client;day\n10.5;a;31/01/2024\n3;b;01/02/2024\n', {
      format: 'csv',
      columns: { ...columns, delimiter: ';' },
    });
    expect(log.customerIds).toEqual(['a', 'b']);
    expect([...log.day]).toEqual([dayNumber(2024, 1, 31), dayNumber(2024, 2, 1)]);
    expect([...log.amount]).toEqual([10.5, 3]);
  });

  it('names a missing column and the header it has', () => {
    expect(() =>
      parseTransactionText('client,date,total\na,31/01/2024,1\n', { format: 'csv', columns }),
    ).toThrow(
      'input:1: column "day" (--date) is not in the header ("client", "date", "total"); pass the header\'s name with --date or set --delimiter.',
    );
    expect(() => parseTransactionText('a,b\n', { format: 'csv' })).toThrow(
      /--format csv needs a column mapping/,
    );
  });

  it('counts unclosed quotes, wrong column counts and empty amounts', () => {
    const { summary } = parseTransactionText(
      'client,day,total\n"a,31/01/2024,1\nb,31/01/2024\nc,31/01/2024,\nd,31/01/2024,2\n',
      {
        format: 'csv',
        columns,
      },
    );
    expect(summary.rejected).toMatchObject({ 'unterminated-quote': 1, 'column-count': 1, 'non-numeric': 1 });
  });

  it('rejects an empty file and a missing file with one line', async () => {
    await expect(readTransactions(file('empty.csv', ''), { format: 'csv', columns })).rejects.toThrow(
      /empty\.csv has no transaction lines \(the file is empty\)\./,
    );
    await expect(readTransactions(join(dir, 'nope.csv'), { format: 'csv', columns })).rejects.toThrow(
      /cannot read .*nope\.csv: ENOENT; check the path\./,
    );
    await expect(readTransactions(dir, { format: 'csv', columns })).rejects.toBeInstanceOf(
      TransactionInputError,
    );
  });
});

describe('dates and CSV fields', () => {
  it('parses every supported layout and refuses impossible dates', () => {
    const day = dayNumber(2011, 12, 9);
    expect(parseDay('2011-12-09 12:50:00', 'iso')).toBe(day);
    expect(parseDay('2011-12-09T12:50:00Z', 'iso')).toBe(day);
    expect(parseDay('20111209', 'yyyymmdd')).toBe(day);
    expect(parseDay('12/9/2011 12:50', 'mm/dd/yyyy')).toBe(day);
    expect(parseDay('09/12/2011', 'dd/mm/yyyy')).toBe(day);
    expect(parseDay('2011-02-29', 'iso')).toBeNaN();
    expect(parseDay('2012-02-29', 'iso')).toBe(dayNumber(2012, 2, 29));
    expect(parseDay('yesterday', 'iso')).toBeNaN();
  });

  it('splits quoted fields with delimiters and doubled quotes inside', () => {
    expect(splitCsvLine('"a,b",c,"say ""hi""",', ',')).toEqual(['a,b', 'c', 'say "hi"', '']);
    expect(splitCsvLine('"open,c', ',')).toBeNull();
  });
});
