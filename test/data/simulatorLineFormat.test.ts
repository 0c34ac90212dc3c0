import { describe, expect, it } from 'vitest';
import { formatPageLine, LINE_SEPARATORS } from '../../src/data/lineFormat.ts';
import { parseLogText } from '../../src/data/parse/index.ts';
import { simulateSessions } from '../../src/data/simulator/index.ts';
import { copyPageRecord, emptyPageItems, type PageRecord } from '../../src/session/index.ts';

const pages = [...simulateSessions({ sessions: 100, seed: 8 })].map(({ record }) => record);

function handMadeRecord(): PageRecord {
  const record: PageRecord = {
    ...emptyPageItems(),
    lineNumber: 1,
    pageId: 3,
    hour: 21,
    profile: { ageLevel: 2, gender: 0, purchasePower: 6 },
    terminal: 1,
  };
  record.itemCount = 2;
  record.position.set([168, 150]);
  record.ctr.set([0.054926, 0]);
  record.cvr.set([0.000061, 0.02]);
  record.priceYuan.set([29, 49.97]);
  record.click.set([1, 0]);
  record.cart.set([1, 0]);
  record.purchaseYuan.set([29, 0]);
  return record;
}

describe('formatPageLine', () => {
  it('writes the number formats of the real data: 6-decimal rates, retail prices, 0 padding', () => {
    const columns = formatPageLine(handMadeRecord()).split(';');
    expect(columns.slice(0, 5)).toEqual(['3', '21', '2', '0', '6']);
    const padding = Array(48).fill('0');
    expect(columns[5].split(',')).toEqual(['168', '150', ...padding]);
    expect(columns[6].split(',')).toEqual(['0.054926', '0.0', ...padding]);
    expect(columns[7].split(',')).toEqual(['0.000061', '0.02', ...padding]);
    expect(columns[8].split(',')).toEqual(['29.0', '49.97', ...padding]);
    expect(columns[9].split(',')).toEqual(['1', '0', ...padding]);
    expect(columns[10].split(',')).toEqual(['1', '0', ...padding]);
    expect(columns[11].split(',')).toEqual(['0', '0', ...padding]);
    expect(columns[12].split(',')).toEqual(['29.0', '0.0', ...padding]);
    expect(columns[13].split(',')).toEqual(['0', '0', ...padding]);
    expect(columns[14]).toBe('1');
  });

  it('writes 15 columns of which 9 are lists of 50 values, valid per DATA.md, for every simulated page', () => {
    const problems: string[] = [];
    const rate = /^(0|0\.0|0\.\d{1,6})$/;
    const yuan = /^(0|\d+\.\d{1,2})$/;
    const flag = /^[01]$/;
    for (const record of pages) {
      const columns = formatPageLine(record).split(';');
      if (columns.length !== 15) problems.push(`line ${record.lineNumber}: ${columns.length} columns`);
      const lists = columns.slice(5, 14).map((c) => c.split(','));
      if (lists.some((list) => list.length !== 50))
        problems.push(`line ${record.lineNumber}: a list is not 50 long`);
      const [position, ctr, cvr, price, click, cart, fav, purchase] = lists;
      const pageId = Number(columns[0]);
      for (let i = 0; i < 50; i++) {
        const real = i < record.itemCount;
        const p = Number(position[i]);
        if (real && (p < pageId * 50 || p > pageId * 50 + 49))
          problems.push(`line ${record.lineNumber}: position ${p}`);
        if (!rate.test(ctr[i]) || !rate.test(cvr[i]))
          problems.push(`line ${record.lineNumber}: rate ${ctr[i]} ${cvr[i]}`);
        if (!yuan.test(price[i]) || !yuan.test(purchase[i]))
          problems.push(`line ${record.lineNumber}: yuan ${price[i]}`);
        if (![click[i], cart[i], fav[i]].every((f) => flag.test(f)))
          problems.push(`line ${record.lineNumber}: flag`);
        if (!real && [ctr[i], price[i], purchase[i]].some((v) => v !== '0'))
          problems.push(`line ${record.lineNumber}: padding`);
        if (real && Number(price[i]) <= 0)
          problems.push(`line ${record.lineNumber}: real item without a price`);
      }
      if (!/^[01]$/.test(columns[14])) problems.push(`line ${record.lineNumber}: terminal ${columns[14]}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('writes lines the parser reads back to the very same records, with every separator', () => {
    for (const separator of LINE_SEPARATORS) {
      const lines = pages.map((record) => formatPageLine(record, separator));
      const text = `${lines.join('\n')}\n`;
      const parsed: PageRecord[] = [];
      const summary = parseLogText(text, (page) => parsed.push(copyPageRecord(page)));
      expect(summary.rejectedTotal).toBe(0);
      expect(summary.separator).toBe(separator);
      expect(parsed).toHaveLength(pages.length);
      // Same records: formatting what the parser read gives back the very same lines.
      expect(parsed.map((page) => formatPageLine(page, separator))).toEqual(lines);
      const [first] = parsed;
      expect(first.itemCount).toBe(pages[0].itemCount);
      expect(first.profile).toEqual(pages[0].profile);
      expect(Array.from(first.priceYuan)).toEqual(Array.from(pages[0].priceYuan));
      expect(Array.from(first.ctr)).toEqual(Array.from(pages[0].ctr));
    }
  });

  it('refuses values the format cannot hold, naming the line and the item', () => {
    const record = handMadeRecord();
    record.priceYuan[1] = Number.NaN;
    expect(() => formatPageLine(record)).toThrow(/line 1, item 1: price NaN/);
    expect(() => formatPageLine(handMadeRecord(), ',' as ';')).toThrow(/separator/);
  });
});
