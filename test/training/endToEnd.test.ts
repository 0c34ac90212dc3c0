import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_PROGRESS } from '../../src/cli/progress.ts';
import { writeSimulatedLog } from '../../src/data/simulator/index.ts';
import { prepareDataset } from '../../src/dataset/prepareDataset.ts';
import { readProcessedTable } from '../../src/dataset/processedTable.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../src/features/index.ts';
import {
  listVersions,
  loadProductionModel,
  readHistory,
  readProductionPointer,
} from '../../src/registry/index.ts';
import { ReferenceSchema } from '../../src/registry/reference.ts';
import { runRetrainCli, runRollbackCli, runTrainCli } from '../../src/training/cli/index.ts';
import { removeTempDirs, tempDir } from './registryFixtures.ts';
import { writeSmallConfig } from './smallConfig.ts';

afterAll(removeTempDirs);

const root = tempDir('training-e2e-');
const dataDir = join(root, 'processed');
const modelsDir = join(root, 'models');
let configPath = '';
const out: string[] = [];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };

const rawLog = join(root, 'raw', 'log.txt');

beforeAll(async () => {
  await writeSimulatedLog({ outPath: rawLog, sessions: 400, seed: 11 });
  await prepareDataset({ inputs: [rawLog], outDir: dataDir });
  configPath = writeSmallConfig(root).path;
});

describe('train → registry → retrain → rollback on generated data', () => {
  it('trains both tasks and promotes them when there is no production yet', async () => {
    const code = await runTrainCli(
      ['--data', dataDir, '--models', modelsDir, '--config', configPath, '--grid'],
      io,
      SILENT_PROGRESS,
    );
    expect(code).toBe(0);
    for (const task of ['churn', 'session-value'] as const) {
      const versions = listVersions(modelsDir, task);
      expect(versions).toHaveLength(1);
      expect(readProductionPointer(modelsDir, task)).toMatchObject({
        version: versions[0],
        previousVersion: null,
      });
      const served = loadProductionModel(modelsDir, task, {
        featureVersion: FEATURE_VERSION,
        featureNames: FEATURE_NAMES,
      });
      expect(served?.bundle.dataFingerprint.rows).toBeGreaterThan(400);
      expect(
        served?.bundle.codeVersion === null || /^[0-9a-f]{40}$/.test(served?.bundle.codeVersion ?? ''),
      ).toBe(true);
    }
    expect(out.join('\n')).toMatch(
      /churn \(test sessions\)[\s\S]*oracle[\s\S]*production: promoted \(no production model yet\)/,
    );
  });

  it('serves the same predictions from disk as the fitted model gave in training', () => {
    const table = readProcessedTable(dataDir);
    const served = loadProductionModel(modelsDir, 'churn');
    const metrics = JSON.parse(
      readFileSync(join(modelsDir, 'churn', served?.bundle.version ?? '', 'metrics.json'), 'utf8'),
    );
    const candidate = metrics.models.find((m: { name: string }) => m.name === metrics.candidate);
    // Re-score the test rows through the serving predictor: the stored test AUC must come back.
    const testRows = [...table.split.keys()].filter((i) => table.split[i] === 2);
    const row = new Float64Array(FEATURE_NAMES.length);
    const probability = testRows.map((i) => served?.predictor.predictRow(table.X.row(i, row)) ?? Number.NaN);
    let concordant = 0;
    let pairs = 0;
    for (const i of testRows.keys()) {
      if (table.churn[testRows[i]] !== 1) continue;
      for (const j of testRows.keys()) {
        if (table.churn[testRows[j]] !== 0) continue;
        pairs++;
        concordant += probability[i] > probability[j] ? 1 : probability[i] === probability[j] ? 0.5 : 0;
      }
    }
    expect(concordant / pairs).toBeCloseTo(candidate.test.rocAuc, 10);
    expect(served?.bundle.threshold).toBe(candidate.threshold);
  });

  it('writes metrics for every model and the oracle, a reference, a report and its figures', () => {
    const version = listVersions(modelsDir, 'churn')[0];
    const dir = join(modelsDir, 'churn', version);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    expect(metrics.models.map((m: { name: string }) => m.name)).toEqual([
      'logistic-regression',
      'decision-tree',
      'random-forest',
      'gradient-boosting',
    ]);
    expect(metrics.oracle.rocAuc).toBeGreaterThan(0.5);
    expect(metrics.observableOracle.rocAuc).toBeGreaterThan(0.5);
    expect(metrics.observableOracle.rocAuc).toBeLessThan(metrics.oracle.rocAuc);
    // --grid: each model with a grid tried its two values on validation and kept the best.
    const forest = metrics.models.find((m: { name: string }) => m.name === 'random-forest');
    expect(forest.grid).toHaveLength(2);
    expect(forest.validationScore).toBe(
      Math.max(...forest.grid.map((g: { validationScore: number }) => g.validationScore)),
    );
    const reference = ReferenceSchema.parse(JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')));
    expect(reference.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toMatch(/is the churn candidate/);
    expect(report).toMatch(/\| _full oracle \(true probabilities\)_ +\|/);
    expect(report).toMatch(/\| _observable oracle \(what the log shows\)_ +\|/);
    expect(report).toMatch(/## Survival view/);
    expect(report).toMatch(/## Grid search on validation[\s\S]*### random forest/);

    const linked = [...report.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(linked).toEqual(
      expect.arrayContaining([
        'roc.svg',
        'pr.svg',
        'calibration.svg',
        'confusion.svg',
        'survival.svg',
        'importance-permutation.svg',
      ]),
    );
    for (const figure of linked) expect(existsSync(join(dir, figure))).toBe(true);
    const valueDir = join(modelsDir, 'session-value', listVersions(modelsDir, 'session-value')[0]);
    expect(readdirSync(valueDir)).toEqual(
      expect.arrayContaining(['predicted-vs-actual.svg', 'gain.svg', 'report.md']),
    );
    // The value model's Gini gap to the observable oracle, with its spread and its expected part.
    const value = JSON.parse(readFileSync(join(valueDir, 'metrics.json'), 'utf8'));
    const winner = value.models.find((model: { name: string }) => model.name === value.candidate).test;
    expect(winner.giniGapToObservableOracle).toBeCloseTo(
      value.observableOracle.normalizedGini - winner.normalizedGini,
      12,
    );
    expect(winner.giniGapToObservableOracleSd).toBeGreaterThan(0);
    expect(Number.isFinite(winner.expectedGiniGapToObservableOracle)).toBe(true);
    expect(readFileSync(join(valueDir, 'report.md'), 'utf8')).toMatch(
      /against the full oracle's expected outcomes/,
    );
  });

  it('prepares the raw log again, retrains, keeps production and records both scores', async () => {
    const before = readProductionPointer(modelsDir, 'churn')?.version;
    const freshData = join(root, 'processed-again');
    const code = await runRetrainCli(
      ['--input', rawLog, '--data', freshData, '--models', modelsDir, '--config', configPath, '--grid'],
      io,
      SILENT_PROGRESS,
    );
    expect(existsSync(join(freshData, 'features.arrow'))).toBe(true);
    expect(code).toBe(0);
    expect(listVersions(modelsDir, 'churn')).toHaveLength(2);
    const last = readHistory(modelsDir, 'churn').at(-1);
    // Same data, same seeds: the candidate equals production, which is not "better by the margin".
    expect(last).toMatchObject({
      action: 'kept',
      productionVersionBefore: before,
      productionVersionAfter: before,
    });
    expect(last?.candidateScore).toBe(last?.productionScore);
    expect(readProductionPointer(modelsDir, 'churn')?.version).toBe(before);
  });

  it('rolls back to a named version and reports usage errors with exit code 2', async () => {
    const [first, second] = listVersions(modelsDir, 'churn');
    expect(await runRollbackCli(['--task', 'churn', '--models', modelsDir, '--to', second], io)).toBe(0);
    expect(readProductionPointer(modelsDir, 'churn')).toMatchObject({
      version: second,
      previousVersion: first,
    });
    expect(await runRollbackCli(['--task', 'churn', '--models', modelsDir], io)).toBe(0);
    expect(readProductionPointer(modelsDir, 'churn')?.version).toBe(first);
    expect(await runRollbackCli(['--models', modelsDir], io)).toBe(2);
    expect(await runTrainCli(['--bogus'], io, SILENT_PROGRESS)).toBe(2);
    expect(await runTrainCli(['--data', join(root, 'missing')], io, SILENT_PROGRESS)).toBe(1);
  });
});
