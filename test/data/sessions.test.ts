import { describe, expect, it } from 'vitest';
import { parseLogFile, parseLogText } from '../../src/data/parse/index.ts';
import {
  computeSessionLabels,
  createSessionLabels,
  type SessionEnd,
  SessionRebuilder,
  shouldFallBackToPageLevel,
} from '../../src/data/sessions/index.ts';
import { copyPageRecord, type PageRecord } from '../../src/session/index.ts';
import { handMadeLine, handMadeSession } from './logLines.ts';

interface Rebuilt {
  pageIds: number[];
  lines: number[];
  endedBy: SessionEnd;
}

function rebuild(lines: string[], options = {}) {
  const sessions: Rebuilt[] = [];
  const rebuilder = new SessionRebuilder(
    (pages, count, endedBy) =>
      sessions.push({
        pageIds: pages.slice(0, count).map((page) => page.pageId),
        lines: pages.slice(0, count).map((page) => page.lineNumber),
        endedBy,
      }),
    options,
  );
  parseLogText(`${lines.join('\n')}\n`, (page) => rebuilder.push(page));
  rebuilder.endInput();
  return { sessions, stats: rebuilder.stats() };
}

describe('session rebuild', () => {
  it('splits a log in session order at page 0 and after terminal pages', () => {
    const { sessions, stats } = rebuild([
      ...handMadeSession(3),
      ...handMadeSession(1),
      ...handMadeSession(2),
    ]);
    expect(sessions.map((session) => session.pageIds)).toEqual([[0, 1, 2], [0], [0, 1]]);
    expect(sessions.every((session) => session.endedBy === 'terminal')).toBe(true);
    expect(stats.sessions).toBe(3);
    // 6 pages, 3 of them (page ids > 0) continue the line before.
    expect(stats.continuingPages).toBe(3);
    expect(stats.continuationRate).toBe(0.5);
    expect(stats.followRate).toBe(1);
    expect(shouldFallBackToPageLevel(stats)).toBe(false);
  });

  it('breaks where the page id does not follow, the profile changes, or a page 0 comes without terminal', () => {
    const lines = [
      handMadeLine({ pageId: 0 }),
      handMadeLine({ pageId: 1 }),
      handMadeLine({ pageId: 3 }), // skips page 2: break, a session starting late
      handMadeLine({ pageId: 4, profile: [1, 1, 1] }), // another user: break
      handMadeLine({ pageId: 0 }), // page 0 without terminal before: break
      handMadeLine({ pageId: 1, terminal: 1 }),
    ];
    const { sessions, stats } = rebuild(lines);
    expect(sessions.map((session) => session.pageIds)).toEqual([[0, 1], [3], [4], [0, 1]]);
    expect(sessions.map((session) => session.endedBy)).toEqual(['break', 'break', 'break', 'terminal']);
    expect(stats.sessionsStartingLate).toBe(2);
    expect(stats.unterminatedSessions).toBe(3);
  });

  it('never continues a session across a rejected line', () => {
    const lines = [handMadeLine({ pageId: 0 }), 'garbage', handMadeLine({ pageId: 1, terminal: 1 })];
    const { sessions } = rebuild([handMadeLine({ pageId: 0 }), ...lines]);
    expect(sessions.map((session) => session.lines)).toEqual([[1], [2], [4]]);
  });

  it('closes an unterminated trailing session at the end of the input and counts it', () => {
    const { sessions, stats } = rebuild([
      ...handMadeSession(2),
      handMadeLine({ pageId: 0 }),
      handMadeLine({ pageId: 1 }),
    ]);
    expect(sessions.at(-1)).toEqual({ pageIds: [0, 1], lines: [3, 4], endedBy: 'end-of-input' });
    expect(stats.unterminatedSessions).toBe(1);
  });

  it('measures the same statistics without a callback (statistics-only mode, no page copies)', () => {
    const lines = [
      ...handMadeSession(3),
      handMadeLine({ pageId: 2 }),
      handMadeLine({ pageId: 0 }),
      ...handMadeSession(2),
    ];
    const statsOnly = new SessionRebuilder(null);
    parseLogText(lines.join('\n'), (page) => statsOnly.push(page));
    statsOnly.endInput();
    expect(statsOnly.stats()).toEqual(rebuild(lines).stats);
    expect(statsOnly.stats().unterminatedSessions).toBe(2);
  });

  it('measures the real sample as out of session order and falls back to page level', async () => {
    const rebuilder = new SessionRebuilder(() => {});
    await parseLogFile('test/fixtures/data/alibaba_sample_15col.txt', (page) => rebuilder.push(page));
    rebuilder.endInput();
    const stats = rebuilder.stats();
    expect(stats.pages).toBe(100);
    expect(stats.laterPages).toBe(72);
    expect(stats.continuingPages).toBe(11);
    expect(stats.continuationRate).toBeCloseTo(0.11, 10);
    expect(stats.followRate).toBeCloseTo(11 / 72, 10);
    expect(shouldFallBackToPageLevel(stats)).toBe(true);
  });

  it('falls back on a shuffled log and gives each page a session of its own in page-level mode', () => {
    const inOrder = [...handMadeSession(4), ...handMadeSession(3), ...handMadeSession(5)];
    const shuffled = [7, 2, 10, 0, 5, 11, 3, 8, 1, 6, 9, 4].map((i) => inOrder[i]);
    expect(shouldFallBackToPageLevel(rebuild(inOrder).stats)).toBe(false);
    expect(shouldFallBackToPageLevel(rebuild(shuffled).stats)).toBe(true);
    const { sessions } = rebuild(shuffled, { pageLevel: true });
    expect(sessions).toHaveLength(12);
    expect(sessions.every((session) => session.pageIds.length === 1)).toBe(true);
    expect(sessions.filter((session) => session.endedBy === 'terminal')).toHaveLength(3);
  });

  it('trusts a large log where 97.5 % of later pages continue and distrusts one with 75 %', () => {
    // 40 sessions of 3 pages; dropping page 0 of a session makes its page 1 start a session late.
    const withoutPageZero = (dropEvery: number) =>
      Array.from({ length: 40 }, (_, s) => handMadeSession(3).slice(s % dropEvery === 1 ? 1 : 0)).flat();
    const few = rebuild(withoutPageZero(20)).stats;
    expect(few.laterPages).toBe(80);
    expect(few.followRate).toBe(78 / 80);
    expect(shouldFallBackToPageLevel(few)).toBe(false);
    const many = rebuild(withoutPageZero(2)).stats;
    expect(many.followRate).toBe(60 / 80);
    expect(shouldFallBackToPageLevel(many)).toBe(true);
  });
});

describe('labels', () => {
  it('computes churn, remaining revenue, session revenue and revenue so far on a hand-made session', () => {
    const lines = [
      handMadeLine({ pageId: 0, purchaseYuan: 30 }),
      handMadeLine({ pageId: 1 }),
      handMadeLine({ pageId: 2, purchaseYuan: 12.5 }),
      handMadeLine({ pageId: 3, terminal: 1 }),
    ];
    const pages: PageRecord[] = [];
    parseLogText(lines.join('\n'), (page) => pages.push(copyPageRecord(page)));
    const labels = createSessionLabels(12);
    computeSessionLabels(pages, 4, labels);
    expect(Array.from(labels.churn.subarray(0, 4))).toEqual([0, 0, 0, 1]);
    expect(Array.from(labels.remainingRevenue.subarray(0, 4))).toEqual([12.5, 12.5, 0, 0]);
    expect(Array.from(labels.revenueSoFar.subarray(0, 4))).toEqual([30, 30, 42.5, 42.5]);
    expect(Array.from(labels.sessionRevenue.subarray(0, 4))).toEqual([42.5, 42.5, 42.5, 42.5]);
  });

  it('ignores purchase amounts in padding slots when summing revenue', () => {
    const page = { ...pagesOf(handMadeLine({ pageId: 0, items: 2, purchaseYuan: 7, terminal: 1 }))[0] };
    page.purchaseYuan[5] = 999; // padding slot: not an item
    const labels = createSessionLabels(12);
    computeSessionLabels([page], 1, labels);
    expect(labels.sessionRevenue[0]).toBe(7);
  });
});

function pagesOf(text: string): PageRecord[] {
  const pages: PageRecord[] = [];
  parseLogText(text, (page) => pages.push(copyPageRecord(page)));
  return pages;
}
