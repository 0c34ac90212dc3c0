import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogParser, parseLogFile, parseLogText, readPages } from '../../src/data/parse/index.ts';
import { copyPageRecord, type PageRecord } from '../../src/session/index.ts';

const SAMPLE = 'test/fixtures/data/alibaba_sample_15col.txt';

async function samplePages(): Promise<PageRecord[]> {
  const pages: PageRecord[] = [];
  await parseLogFile(SAMPLE, (page) => pages.push(copyPageRecord(page)));
  return pages;
}

describe('the parser on the real 100-page sample', () => {
  it('keeps all 100 pages, rejects none and detects the semicolon', async () => {
    const summary = await parseLogFile(SAMPLE, () => {});
    expect(summary.linesRead).toBe(100);
    expect(summary.pagesKept).toBe(100);
    expect(summary.rejectedTotal).toBe(0);
    expect(summary.separator).toBe(';');
    expect(summary.bytes).toBe(readFileSync(SAMPLE).length);
  });

  it('reads the known values of the first line', async () => {
    const [first] = await samplePages();
    expect(first.lineNumber).toBe(1);
    expect(first.pageId).toBe(3);
    expect(first.hour).toBe(0);
    expect(first.profile).toEqual({ ageLevel: 2, gender: 0, purchasePower: 6 });
    expect(first.itemCount).toBe(50);
    expect(first.position[0]).toBe(168);
    expect(first.ctr[0]).toBe(0.054926);
    expect(first.cvr[0]).toBe(0.006565);
    expect(first.priceYuan[2]).toBe(880);
    expect(first.priceYuan[21]).toBe(49.97);
    expect(first.terminal).toBe(0);
  });

  it('counts real items and excludes the padding of known short pages', async () => {
    const pages = await samplePages();
    // Lines 4, 5, 6 and 100 hold 20, 19, 6 and 8 real items.
    expect([pages[3].itemCount, pages[4].itemCount, pages[5].itemCount, pages[99].itemCount]).toEqual([
      20, 19, 6, 8,
    ]);
    expect(pages.filter((page) => page.itemCount < 50)).toHaveLength(40);
    const meanItems = pages.reduce((sum, page) => sum + page.itemCount, 0) / pages.length;
    expect(meanItems).toBeGreaterThan(42);
    expect(meanItems).toBeLessThan(44);
  });

  it('keeps position 0 on page 0 and ctr 0.0 with a price as real items', async () => {
    const pages = await samplePages();
    const positionZero = pages.filter((page) => {
      for (let i = 0; i < page.itemCount; i++) if (page.position[i] === 0) return true;
      return false;
    });
    expect(positionZero.length).toBeGreaterThan(0);
    expect(positionZero.every((page) => page.pageId === 0)).toBe(true);
    let zeroCtrRealItems = 0;
    for (const page of pages) {
      for (let i = 0; i < page.itemCount; i++)
        if (page.ctr[i] === 0 && page.priceYuan[i] > 0) zeroCtrRealItems++;
    }
    expect(zeroCtrRealItems).toBe(111);
  });

  it('gives every value exactly as Number() on the split text would', async () => {
    const pages = await samplePages();
    const lines = readFileSync(SAMPLE, 'latin1').trimEnd().split('\n');
    const lists = [
      'position',
      'ctr',
      'cvr',
      'priceYuan',
      'click',
      'cart',
      'fav',
      'purchaseYuan',
      'state',
    ] as const;
    lines.forEach((line, index) => {
      const columns = line.split(';');
      const page = pages[index];
      expect([page.pageId, page.hour]).toEqual([Number(columns[0]), Number(columns[1])]);
      lists.forEach((name, offset) => {
        const expected = columns[5 + offset].split(',').map(Number);
        expect(Array.from(page[name]), `line ${index + 1} ${name}`).toEqual(expected);
      });
    });
  });

  it('reports pages whose positions leave their page window without rejecting them', async () => {
    const summary = await parseLogFile(SAMPLE, () => {});
    expect(summary.pagesWithPositionsOutsidePageWindow).toBe(12);
  });

  it('gives the same records through the async iterator, one independent object per page', async () => {
    const viaCallback = await samplePages();
    const viaIterator: PageRecord[] = [];
    const iterator = readPages(SAMPLE, { chunkBytes: 4096 });
    let step = await iterator.next();
    while (!step.done) {
      viaIterator.push(step.value);
      step = await iterator.next();
    }
    expect(step.value.pagesKept).toBe(100);
    expect(new Set(viaIterator).size).toBe(100);
    expect(viaIterator.map((page) => page.itemCount)).toEqual(viaCallback.map((page) => page.itemCount));
    expect(Array.from(viaIterator[57].priceYuan)).toEqual(Array.from(viaCallback[57].priceYuan));
  });

  it('parses the same whatever the chunking, even one byte at a time', async () => {
    const whole = await samplePages();
    const bytes = readFileSync(SAMPLE);
    const counts: number[] = [];
    const prices: number[] = [];
    const parser = new LogParser((page) => {
      counts.push(page.itemCount);
      prices.push(page.priceYuan[0]);
    });
    for (let i = 0; i < bytes.length; i += 997)
      parser.push(bytes.subarray(i, Math.min(i + 997, bytes.length)));
    parser.end();
    expect(counts).toEqual(whole.map((page) => page.itemCount));
    expect(prices).toEqual(whole.map((page) => page.priceYuan[0]));
    const byteByByte: number[] = [];
    const slow = new LogParser((page) => byteByByte.push(page.lineNumber));
    for (let i = 0; i < 20_000; i++) slow.push(bytes.subarray(i, i + 1));
    slow.end();
    expect(byteByByte.length).toBeGreaterThan(8);
    expect(byteByByte).toEqual(byteByByte.map((_, i) => i + 1));
  });

  it('accepts Windows line ends, a UTF-8 byte-order mark and a last line without newline', () => {
    const text = readFileSync(SAMPLE, 'latin1').trimEnd().split('\n').slice(0, 3);
    const withCrlf = `\uFEFF${text.join('\r\n')}`;
    const pages: number[] = [];
    const summary = parseLogText(Buffer.from(withCrlf, 'utf8'), (page) => pages.push(page.pageId));
    expect(summary.rejectedTotal).toBe(0);
    expect(pages).toEqual([3, 1, 2]);
  });
});
