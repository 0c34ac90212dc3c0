import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from '../../src/ml/boosting/index.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { DecisionTreeClassifier } from '../../src/ml/tree/index.ts';
import { readHistory, readProductionPointer, writeProductionPointer } from '../../src/registry/index.ts';
import { loadTrainingConfig } from '../../src/training/config.ts';
import { taskEvaluation } from '../../src/training/models/taskEvaluation.ts';
import { judgeCandidate, rollback } from '../../src/training/promotion/index.ts';
import { removeTempDirs, syntheticChurnRows, tempDir, writeChurnVersion } from './registryFixtures.ts';

afterAll(removeTempDirs);

const WEAK = '20261123T080000Z-aaaaaaaa';
const GOOD = '20261123T090000Z-bbbbbbbb';
const config = loadTrainingConfig();
const evaluation = taskEvaluation('churn', config);
// One session per row: every test session is unseen (the fixture versions record no training sessions).
const test = { ...syntheticChurnRows(1500, 2), sessionHash: Uint32Array.from({ length: 1500 }, (_, i) => i) };

let weakModel: DecisionTreeClassifier;
let goodModel: GradientBoostingClassifier;

beforeAll(() => {
  const train = syntheticChurnRows(3000, 1);
  // Weak: a stump on a noise feature. Good: boosting that can see pageId and clicks.
  const noise = train.X.featureNames.indexOf('hourSin');
  const noiseOnly = train.X.columns.map((c, j) => (j === noise ? c : new Float64Array(c.length)));
  weakModel = new DecisionTreeClassifier({ maxDepth: 1 }).fit(
    new Matrix(train.X.featureNames, noiseOnly),
    train.y,
  );
  goodModel = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, earlyStoppingRounds: null }).fit(
    train.X,
    train.y,
  );
});

function registryWithProduction(
  productionVersion: string,
  productionModel: DecisionTreeClassifier | GradientBoostingClassifier,
) {
  const models = tempDir();
  writeChurnVersion(models, productionVersion, productionModel);
  writeProductionPointer(models, {
    task: 'churn',
    version: productionVersion,
    promotedAt: '2026-11-23T08:00:00.000Z',
    previousVersion: null,
    reason: 'test setup',
  });
  return models;
}

const judge = (models: string, candidateVersion: string) =>
  judgeCandidate({
    modelsDir: models,
    task: 'churn',
    candidateVersion,
    test,
    evaluation,
    rule: config.promotion.churn,
  });

describe('retraining promotion gate', () => {
  it('promotes a clearly better candidate, scoring both on the same rows, and records both scores', () => {
    const models = registryWithProduction(WEAK, weakModel);
    writeChurnVersion(models, GOOD, goodModel);
    const decision = judge(models, GOOD);
    expect(decision.action).toBe('promoted');
    expect(decision.candidateScore).toBeGreaterThan(0.75);
    expect(decision.productionScore).toBeLessThan(0.6);
    expect(readProductionPointer(models, 'churn')).toMatchObject({ version: GOOD, previousVersion: WEAK });
    expect(readHistory(models, 'churn').at(-1)).toEqual(decision);
  });

  it('refuses a worse candidate and leaves production untouched', () => {
    const models = registryWithProduction(GOOD, goodModel);
    writeChurnVersion(models, '20261123T100000Z-cccccccc', weakModel);
    const decision = judge(models, '20261123T100000Z-cccccccc');
    expect(decision.action).toBe('kept');
    expect(decision.reason).toMatch(/not better by the margin/);
    expect(decision.productionScore).toBeGreaterThan(decision.candidateScore ?? 1);
    expect(readProductionPointer(models, 'churn')?.version).toBe(GOOD);
  });

  it('refuses a corrupted candidate artifact with a clear reason and keeps production', () => {
    const models = registryWithProduction(WEAK, weakModel);
    const dir = writeChurnVersion(models, GOOD, goodModel);
    writeFileSync(join(dir, 'model.json'), '{"bundleSchemaVersion": 1, "task": "churn", "art');
    const decision = judge(models, GOOD);
    expect(decision.action).toBe('kept');
    expect(decision.reason).toMatch(/^candidate refused: .*model\.json is not valid JSON/);
    expect(readProductionPointer(models, 'churn')?.version).toBe(WEAK);
  });

  it('refuses a candidate built for other features and keeps production', () => {
    const models = registryWithProduction(WEAK, weakModel);
    writeChurnVersion(models, GOOD, goodModel, { featureVersion: 'f-old' });
    const decision = judge(models, GOOD);
    expect(decision.action).toBe('kept');
    expect(decision.reason).toMatch(/candidate refused: .*feature version f-old/);
    expect(readProductionPointer(models, 'churn')?.version).toBe(WEAK);
  });

  it('replaces a production model of another feature version without comparing, saying why', () => {
    const models = tempDir();
    writeChurnVersion(models, WEAK, goodModel, { featureVersion: 'f0' });
    writeProductionPointer(models, {
      task: 'churn',
      version: WEAK,
      promotedAt: 'x',
      previousVersion: null,
      reason: 'setup',
    });
    writeChurnVersion(models, GOOD, weakModel);
    const decision = judge(models, GOOD);
    expect(decision.action).toBe('promoted');
    expect(decision.reason).toMatch(/^feature version changed \(f0 → f1\)/);
  });

  it('promotes the first candidate when there is no production yet', () => {
    const models = tempDir();
    writeChurnVersion(models, GOOD, goodModel);
    expect(judge(models, GOOD)).toMatchObject({
      action: 'promoted',
      reason: 'no production model yet',
      productionVersionBefore: null,
    });
  });
});

describe('rollback', () => {
  it('points production back to the previous version and records it', () => {
    const models = registryWithProduction(WEAK, weakModel);
    writeChurnVersion(models, GOOD, goodModel);
    judge(models, GOOD);
    const record = rollback(models, 'churn');
    expect(record).toMatchObject({
      action: 'rolled-back',
      productionVersionBefore: GOOD,
      productionVersionAfter: WEAK,
    });
    expect(readProductionPointer(models, 'churn')).toMatchObject({ version: WEAK, previousVersion: GOOD });
    expect(readHistory(models, 'churn').map((d) => d.action)).toEqual(['promoted', 'rolled-back']);
  });

  it('refuses to roll back onto a broken version and changes nothing', () => {
    const models = registryWithProduction(WEAK, weakModel);
    writeChurnVersion(models, GOOD, goodModel);
    judge(models, GOOD);
    writeFileSync(join(models, 'churn', WEAK, 'model.json'), '{}');
    expect(() => rollback(models, 'churn')).toThrow(/Model bundle .* is invalid/);
    expect(readProductionPointer(models, 'churn')?.version).toBe(GOOD);
    expect(readHistory(models, 'churn').map((d) => d.action)).toEqual(['promoted']);
  });

  it('says so when there is nothing to roll back to', () => {
    const models = registryWithProduction(WEAK, weakModel);
    expect(() => rollback(models, 'churn')).toThrow(/has no previous version .* pass --to VERSION/);
  });
});
