import { describe, expect, it } from 'vitest';
import {
  BadLineError,
  LogParser,
  type ParseSummary,
  parseLogText,
  REJECT_REASONS,
  type RejectReason,
} from '../../src/data/parse/index.ts';
import { handMadeLine, joinColumns, type LineColumns, lineColumns } from './logLines.ts';

function parseLines(lines: string[], options = {}): { summary: ParseSummary; pageIds: number[] } {
  const pageIds: number[] = [];
  const summary = parseLogText(`${lines.join('\n')}\n`, (page) => pageIds.push(page.pageId), options);
  return { summary, pageIds };
}

function mutated(change: (columns: LineColumns) => void, base = {}): string {
  const columns = lineColumns(base);
  change(columns);
  return joinColumns(columns);
}

/** One hand-made bad line per reason, with the words its message must contain. */
const BAD_LINES: Record<RejectReason, { line: string; says: string }> = {
  'blank-line': { line: '   ', says: 'empty' },
  'line-too-long': { line: `${handMadeLine()}${' '.repeat(5000)}`, says: 'longer than' },
  'column-count': { line: handMadeLine().split(';').slice(0, 14).join(';'), says: '14 columns, expected 15' },
  'list-length': { line: mutated((c) => c.lists.ctr.pop()), says: 'column 7 (predicted ctr) has 49 values' },
  'non-numeric': {
    line: mutated((c) => (c.lists.price[1] = 'abc')),
    says: 'column 9 (price) item 2 is "abc"',
  },
  'page-id-out-of-range': { line: mutated((c) => (c.head[0] = '12')), says: 'column 1 (page id) is 12' },
  'hour-out-of-range': { line: mutated((c) => (c.head[1] = '24')), says: 'column 2 (hour) is 24' },
  'profile-out-of-range': { line: mutated((c) => (c.head[3] = '3')), says: 'column 4 (gender) is 3' },
  'flag-not-binary': {
    line: mutated((c) => (c.lists.click[0] = '2')),
    says: 'column 10 (click flags) item 1 is 2',
  },
  'rate-out-of-range': {
    line: mutated((c) => (c.lists.cvr[0] = '1.5')),
    says: 'column 8 (predicted cvr) item 1 is 1.5',
  },
  'negative-amount': {
    line: mutated((c) => (c.lists.price[0] = '-3.5')),
    says: 'column 9 (price) item 1 is -3.5',
  },
  'position-out-of-range': { line: mutated((c) => (c.lists.position[0] = '601')), says: 'item 1 is 601' },
  'padding-with-activity': {
    line: mutated((c) => (c.lists.purchase[10] = '5.0')),
    says: 'item 11 is padding',
  },
  'interleaved-padding': {
    line: mutated((c) => {
      c.lists.position[1] = '0';
      c.lists.ctr[1] = '0';
      c.lists.cvr[1] = '0';
      c.lists.price[1] = '0';
    }),
    says: 'item 2 is padding but item 3',
  },
};

describe('bad lines', () => {
  it('has a hand-made example for every reason', () => {
    expect(Object.keys(BAD_LINES).sort()).toEqual([...REJECT_REASONS].sort());
  });

  for (const reason of REJECT_REASONS) {
    it(`counts a line with ${reason} under its reason, reports it with its line number, and keeps the good lines`, () => {
      const { line, says } = BAD_LINES[reason];
      const { summary, pageIds } = parseLines(
        [handMadeLine({ pageId: 0 }), line, handMadeLine({ pageId: 1 })],
        {
          maxLineBytes: 4096,
        },
      );
      expect(summary.rejected[reason]).toBe(1);
      expect(summary.rejectedTotal).toBe(1);
      expect(summary.linesRead).toBe(3);
      expect(pageIds).toEqual([0, 1]);
      expect(summary.firstBadLines).toHaveLength(1);
      expect(summary.firstBadLines[0].lineNumber).toBe(2);
      expect(summary.firstBadLines[0].reason).toBe(reason);
      expect(summary.firstBadLines[0].detail).toContain(says);
    });
  }

  it('rejects a line longer than the limit even when it spans many chunks, and resumes after it', () => {
    const pages: number[] = [];
    const parser = new LogParser((page) => pages.push(page.lineNumber), {
      maxLineBytes: 3000,
      separator: ';',
    });
    parser.push(Buffer.from(`${handMadeLine()}\n`));
    for (let i = 0; i < 10; i++) parser.push(Buffer.from('9'.repeat(1000)));
    parser.push(Buffer.from(`\n${handMadeLine()}\n`));
    const summary = parser.end();
    expect(summary.rejected['line-too-long']).toBe(1);
    expect(pages).toEqual([1, 3]);
  });

  it('lets a wrong column count win over the problem it causes', () => {
    const twoColumnsMerged = handMadeLine().replace(';', ',');
    const { summary } = parseLines([handMadeLine(), twoColumnsMerged]);
    expect(summary.rejected['column-count']).toBe(1);
    expect(summary.firstBadLines[0].detail).toContain('14 columns');
  });

  it('finds a list with 51 values and a scalar with a list in it', () => {
    const { summary } = parseLines([
      mutated((c) => c.lists.state.push('0')),
      mutated((c) => (c.head[2] = '1,2')),
      mutated((c) => (c.terminal = '0,1')),
      mutated((c) => (c.terminal = '0.5')),
    ]);
    expect(summary.rejected['list-length']).toBe(3);
    expect(summary.rejected['flag-not-binary']).toBe(1);
    expect(summary.firstBadLines.map((bad) => bad.detail)).toEqual([
      'column 14 (state feature) has more than 50 values',
      'column 3 (age level) holds more than one value',
      'column 15 (terminal) holds more than one value',
      'column 15 (terminal) is 0.5, expected 0 or 1',
    ]);
  });

  it('lists only the first N bad lines but counts them all', () => {
    const lines = Array.from({ length: 30 }, () => mutated((c) => (c.head[1] = '99')));
    const { summary } = parseLines([handMadeLine(), ...lines], { maxReportedBadLines: 5 });
    expect(summary.rejected['hour-out-of-range']).toBe(30);
    expect(summary.firstBadLines.map((bad) => bad.lineNumber)).toEqual([2, 3, 4, 5, 6]);
  });

  it('makes any bad line fatal in strict mode, naming the line and the reason', () => {
    const lines = [handMadeLine(), handMadeLine(), mutated((c) => (c.head[0] = '-1'))];
    let caught: unknown;
    try {
      parseLines(lines, { strict: true, source: 'log.txt' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadLineError);
    const error = caught as BadLineError;
    expect(error.lineNumber).toBe(3);
    expect(error.reason).toBe('page-id-out-of-range');
    expect(error.message).toContain('log.txt:3');
    expect(error.message).toContain('--strict');
  });

  it('accepts integers written as decimals and exponent notation where values are numbers', () => {
    const { summary, pageIds } = parseLines([
      mutated((c) => {
        c.head[0] = '2.0';
        c.lists.price[0] = '1.5e2';
      }),
    ]);
    expect(summary.rejectedTotal).toBe(0);
    expect(pageIds).toEqual([2]);
  });
});
