import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../src/data/simulator/writeSimulatedLog.ts';
import { prepareDataset, readProcessedTable } from '../../src/dataset/index.ts';
import { SILENT_PROGRESS, splitTable, trainTask } from '../../src/training/index.ts';
import { kaplanMeier, pagesToExit } from '../../src/training/models/survival.ts';
import { writeSmallConfig } from './smallConfig.ts';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intervals-'));
  await writeSimulatedLog({ outPath: join(dir, 'log.txt'), sessions: 10_000, seed: 21 });
  await prepareDataset({ inputs: [join(dir, 'log.txt')], outDir: join(dir, 'out') });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the survival view of a churn model', () => {
  it('agrees with the Kaplan–Meier curve of pages-to-exit on the test sessions within 0.02, k = 1…5', () => {
    const { config } = writeSmallConfig(dir);
    config.churn.models = config.churn.models.filter((spec) => spec.name === 'gradient-boosting');
    const splits = splitTable(readProcessedTable(join(dir, 'out')), { maxTrainRows: null, seed: 1 });
    const run = trainTask('churn', splits, config, { useGrid: false, progress: SILENT_PROGRESS });
    const { predictedCurve, kaplanMeierCurve } = run.survival!;
    expect(predictedCurve).toHaveLength(5);
    for (let k = 0; k < 5; k++) expect(Math.abs(predictedCurve[k] - kaplanMeierCurve[k])).toBeLessThan(0.02);
    for (let k = 1; k < 5; k++) expect(kaplanMeierCurve[k]).toBeLessThan(kaplanMeierCurve[k - 1]);
  });

  it('counts pages to exit per row, and treats a session the log cut short as censored', () => {
    // Sessions 1 (3 pages, exits), 2 (2 pages, cut short: no churn label on its last page).
    const split = { churn: Float64Array.of(0, 0, 1, 0, 0), sessionId: Int32Array.of(1, 1, 1, 2, 2) };
    expect(pagesToExit(split)).toEqual({
      further: Int32Array.of(2, 1, 0, 1, 0),
      exited: Uint8Array.of(1, 1, 1, 0, 0),
    });
    // k = 1: at risk 4 (5 rows minus the censored last one), 3 with another page → 3/4.
    // k = 2: at risk: further ≥ 2 (1) + exited at 1 (row 1) = 2, survived 1 → 3/4 · 1/2.
    expect(Array.from(kaplanMeier(split, 2))).toEqual([0.75, 0.375]);
  });
});

describe('session-value prediction intervals', () => {
  it('cover the test sessions at 80 % and 90 % within two points of nominal', () => {
    const { config } = writeSmallConfig(dir);
    // The Tweedie booster alone: the served model family.
    config['session-value'].models = config['session-value'].models.filter(
      (spec) => spec.name === 'gradient-boosting-tweedie',
    );
    const splits = splitTable(readProcessedTable(join(dir, 'out')), { maxTrainRows: null, seed: 1 });
    const run = trainTask('session-value', splits, config, { useGrid: false, progress: SILENT_PROGRESS });
    const m = run.winner.testMetrics;
    expect(run.interval?.rows).toBe(splits.validation.rows);
    expect(Math.abs(m.intervalCoverage80 - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(m.intervalCoverage90 - 0.9)).toBeLessThan(0.02);
    expect(m.intervalWidth90Yuan).toBeGreaterThan(m.intervalWidth80Yuan);
  });
});
