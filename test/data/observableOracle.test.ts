import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateSessions } from '../../src/data/simulator/index.ts';
import { writeSimulatedLog } from '../../src/data/simulator/writeSimulatedLog.ts';
import { prepareDataset, readProcessedTable } from '../../src/dataset/index.ts';
import { GradientBoostingClassifier } from '../../src/ml/boosting/index.ts';
import { rocAuc } from '../../src/ml/metrics/index.ts';

/** Every page of `sessions` simulated sessions: realised churn and remaining revenue beside both oracles. */
function simulatedPages(sessions: number, seed: number, intentSd?: number) {
  const pages: {
    session: number;
    churn: number;
    remaining: number;
    full: number;
    observable: number;
    fullValue: number;
    observableValue: number;
  }[] = [];
  let current: { revenue: number; terminal: number; oracle: Record<string, number>; session: number }[] = [];
  const params = intentSd === undefined ? undefined : { intentSd };
  for (const { record, oracle, sessionIndex } of simulateSessions({ sessions, seed, params })) {
    let revenue = 0;
    for (let i = 0; i < record.itemCount; i++) revenue += record.purchaseYuan[i];
    current.push({ revenue, terminal: record.terminal, oracle: { ...oracle }, session: sessionIndex });
    if (record.terminal === 0) continue;
    let after = current.reduce((sum, page) => sum + page.revenue, 0);
    for (const page of current) {
      after -= page.revenue;
      pages.push({
        session: page.session,
        churn: page.terminal,
        remaining: after,
        full: page.oracle.churnProbability,
        observable: page.oracle.observableChurnProbability,
        fullValue: page.oracle.expectedRemainingRevenueYuan,
        observableValue: page.oracle.observableExpectedRemainingRevenueYuan,
      });
    }
    current = [];
  }
  return pages;
}

/** Mean of (actual − predicted) and its session-clustered standard error. */
function clusteredGap(rows: { session: number; actual: number; predicted: number }[]) {
  const bySession = new Map<number, number>();
  for (const row of rows)
    bySession.set(row.session, (bySession.get(row.session) ?? 0) + row.actual - row.predicted);
  const n = rows.length;
  const mean = [...bySession.values()].reduce((a, b) => a + b, 0) / n;
  let variance = 0;
  for (const [session, sum] of bySession) {
    const pagesOfSession = rows.filter((row) => row.session === session).length;
    variance += (sum - mean * pagesOfSession) ** 2;
  }
  return { mean, standardError: Math.sqrt(variance) / n };
}

describe('the observable-information oracle', () => {
  it('equals the full oracle exactly when the intent has no spread (intentSd = 0)', () => {
    const pages = simulatedPages(600, 11, 0);
    expect(pages.length).toBeGreaterThan(1500);
    for (const page of pages) {
      expect(page.observable).toBe(page.full);
      expect(page.observableValue).toBe(page.fullValue);
    }
  });

  it('is calibrated: by quintile of its churn probability, and on the mean remaining revenue', () => {
    const pages = simulatedPages(6000, 12).filter((page) => page.full < 1); // page 11 is certain
    const sorted = [...pages].sort((a, b) => a.observable - b.observable);
    for (let q = 0; q < 5; q++) {
      const part = sorted.slice(
        Math.floor((q * sorted.length) / 5),
        Math.floor(((q + 1) * sorted.length) / 5),
      );
      const gap = clusteredGap(
        part.map((p) => ({ session: p.session, actual: p.churn, predicted: p.observable })),
      );
      expect(Math.abs(gap.mean)).toBeLessThan(4 * gap.standardError);
    }
    const value = clusteredGap(
      pages.map((p) => ({ session: p.session, actual: p.remaining, predicted: p.observableValue })),
    );
    expect(Math.abs(value.mean)).toBeLessThan(4 * value.standardError);
    // It is a different predictor from the full oracle, and a less sharp one.
    const churn = Float64Array.from(pages, (p) => p.churn);
    const full = rocAuc(
      churn,
      Float64Array.from(pages, (p) => p.full),
    );
    const observable = rocAuc(
      churn,
      Float64Array.from(pages, (p) => p.observable),
    );
    expect(observable).toBeLessThan(full);
  });

  describe('on a prepared table, against a fitted model', () => {
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'observable-oracle-'));
      await writeSimulatedLog({ outPath: join(dir, 'log.txt'), sessions: 6000, seed: 13 });
      await prepareDataset({ inputs: [join(dir, 'log.txt')], outDir: join(dir, 'out') });
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("puts the observable oracle's AUC between the model's and the full oracle's", () => {
      const table = readProcessedTable(join(dir, 'out'));
      const oracle = table.oracle!;
      const rows = (code: number) => Array.from(table.split.keys()).filter((i) => table.split[i] === code);
      const train = rows(0);
      const test = rows(2);
      const model = new GradientBoostingClassifier({ nEstimators: 60, maxDepth: 4 }).fit(
        table.X.takeRows(train),
        Float64Array.from(train, (i) => table.churn[i]),
      );
      const y = Float64Array.from(test, (i) => table.churn[i]);
      const modelAuc = rocAuc(y, model.predictProba(table.X.takeRows(test)));
      const observableAuc = rocAuc(
        y,
        Float64Array.from(test, (i) => oracle.observableChurnProbability[i]),
      );
      const fullAuc = rocAuc(
        y,
        Float64Array.from(test, (i) => oracle.churnProbability[i]),
      );
      expect(modelAuc).toBeLessThan(observableAuc);
      expect(observableAuc).toBeLessThan(fullAuc);
    });
  });
});
