import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteNumberCursor,
  detectSeparator,
  parseLogText,
  SeparatorDetectionError,
} from '../../src/data/parse/index.ts';
import { handMadeLine } from './logLines.ts';

function readOne(text: string): number {
  const cursor = new ByteNumberCursor();
  const bytes = Buffer.from(text, 'latin1');
  cursor.reset(bytes, 0, bytes.length, 59);
  return cursor.readNumber();
}

describe('separator detection', () => {
  for (const [name, separator] of [
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const) {
    it(`detects the ${name} and parses every line with it`, () => {
      const text = `${[0, 1, 2].map((pageId) => handMadeLine({ pageId }, separator)).join('\n')}\n`;
      const pageIds: number[] = [];
      const summary = parseLogText(text, (page) => pageIds.push(page.pageId));
      expect(summary.separator).toBe(separator);
      expect(summary.rejectedTotal).toBe(0);
      expect(pageIds).toEqual([0, 1, 2]);
    });
  }

  it('is not misled by a bad first line', () => {
    const lines = [handMadeLine().split(';').slice(0, 9).join(';'), handMadeLine(), handMadeLine()];
    expect(detectSeparator(Buffer.from(`${lines.join('\n')}\n`), 'x')).toBe(';');
  });

  it('fails with a clear error naming what it counted when no separator fits', () => {
    const commas = `${handMadeLine().replaceAll(';', ',')}\n`;
    expect(() => parseLogText(commas, () => {}, { source: 'export.csv' })).toThrow(SeparatorDetectionError);
    expect(() => parseLogText(commas, () => {}, { source: 'export.csv' })).toThrow(
      /export\.csv: cannot detect the column separator.*0 × ';', 0 × tab, 0 × '\|'/,
    );
  });

  it('reports an empty input with no separator instead of failing', () => {
    const summary = parseLogText('', () => {});
    expect(summary.linesRead).toBe(0);
    expect(summary.separator).toBeNull();
  });
});

describe('the byte-level number reader', () => {
  it('equals Number(text) for every 6-decimal rate and 2-decimal price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        (micro, cents) => {
          const rate = (micro / 1e6).toFixed(6);
          const price = (cents / 100).toFixed(2);
          expect(readOne(rate)).toBe(Number(rate));
          expect(readOne(price)).toBe(Number(price));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('equals Number(text) on awkward but valid numbers, through the slow path where needed', () => {
    for (const text of [
      '0',
      '0.0',
      '00.50',
      '9899.01',
      '-1.5',
      '1e-5',
      '2.5E3',
      '0.1234567890123456789',
      '12345678901234567890',
    ]) {
      expect(readOne(text), text).toBe(Number(text));
    }
  });

  it('gives NaN for what is not a finite number', () => {
    for (const text of ['', 'abc', '1.2.3', '12x', 'Infinity', 'NaN', '-', '.']) {
      expect(readOne(text), JSON.stringify(text)).toBeNaN();
    }
  });

  it('stops on the comma or the separator after the number', () => {
    const cursor = new ByteNumberCursor();
    const bytes = Buffer.from('0.25,7;3', 'latin1');
    cursor.reset(bytes, 0, bytes.length, 59);
    expect(cursor.readNumber()).toBe(0.25);
    expect(cursor.pos).toBe(4);
    cursor.pos++;
    expect(cursor.readNumber()).toBe(7);
    expect(bytes[cursor.pos]).toBe(59);
  });
});
