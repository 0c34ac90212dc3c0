import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_FEATURE_NAMES } from '../../src/customers/index.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../src/features/index.ts';
import {
  CUSTOMER_TASK,
  listVersions,
  loadModelBundle,
  loadProductionModel,
  loadServed,
  TASKS,
} from '../../src/registry/index.ts';
import { DEFAULT_CUSTOMER_MODEL_RECIPE } from '../../src/training/clv/index.ts';
import { loadTrainingConfig } from '../../src/training/config.ts';
import { DEFAULT_MODELS_RECIPE } from '../../src/training/run/defaultModels.ts';

const MODELS_DIR = 'models';
/** Per model in a bundle: the churn bundle also carries its survival view's pages-ahead model. */
const MAX_BYTES_PER_MODEL = 400_000;
const config = loadTrainingConfig();

describe.each(TASKS)('the committed default %s model', (task) => {
  const served = loadProductionModel(MODELS_DIR, task, {
    featureVersion: FEATURE_VERSION,
    featureNames: FEATURE_NAMES,
  });

  it('is in production, loads, and matches the current feature version and names', () => {
    expect(served).not.toBeNull();
    expect(served?.bundle.featureVersion).toBe(FEATURE_VERSION);
    expect(served?.bundle.featureNames).toEqual([...FEATURE_NAMES]);
    expect(listVersions(MODELS_DIR, task)).toEqual([served?.pointer.version]);
  });

  it('was made by `npm run models:default` with the current config', () => {
    const bundle = served!.bundle;
    const training = bundle.params.training as Record<string, unknown>;
    expect(training.recipe).toEqual({
      command: DEFAULT_MODELS_RECIPE.command,
      sessions: DEFAULT_MODELS_RECIPE.sessions,
      seed: DEFAULT_MODELS_RECIPE.seed,
    });
    expect(training).toMatchObject({ useGrid: false, seed: config.seed, maxTrainRows: config.maxTrainRows });
    const spec = config[task].models.find((m) => m.name === bundle.modelName);
    expect(spec, `config/training.json no longer has a model named ${bundle.modelName}`).toBeDefined();
    expect(bundle.params.family).toBe(spec?.family);
    expect(bundle.params.model).toEqual(spec?.params);
    expect(bundle.dataFingerprint.files[0].path).toBe(DEFAULT_MODELS_RECIPE.rawPath);
    expect(bundle.dataFingerprint.sessions).toBe(DEFAULT_MODELS_RECIPE.sessions);
  });

  it('stays small enough to commit and load fast', () => {
    const path = join(MODELS_DIR, task, served!.pointer.version, 'model.json');
    const bundle = JSON.parse(readFileSync(path, 'utf8'));
    const models = bundle.survival ? 2 : 1;
    expect(statSync(path).size).toBeLessThan(MAX_BYTES_PER_MODEL * models);
  });

  it('predicts a finite value in the target range', () => {
    const prediction = served!.predictor.predictRow(new Float64Array(FEATURE_NAMES.length));
    expect(Number.isFinite(prediction)).toBe(true);
    if (task === 'churn') expect(prediction).toBeGreaterThanOrEqual(0);
    if (task === 'churn') expect(prediction).toBeLessThanOrEqual(1);
    if (task === 'churn') expect(served!.bundle.threshold).toBeGreaterThan(0);
  });
});

describe('the committed default customer-value model', () => {
  const served = loadServed(MODELS_DIR, CUSTOMER_TASK);

  it('is in production, loads and was made by the default recipe', () => {
    expect(served).not.toBeNull();
    expect(listVersions(MODELS_DIR, CUSTOMER_TASK)).toEqual([served?.version]);
    const bundle = loadModelBundle(join(MODELS_DIR, CUSTOMER_TASK, served!.version));
    expect(bundle.params.recipe).toMatchObject(DEFAULT_CUSTOMER_MODEL_RECIPE);
    expect(bundle.featureNames).toEqual([...CUSTOMER_FEATURE_NAMES]);
    expect(statSync(join(MODELS_DIR, CUSTOMER_TASK, served!.version, 'model.json')).size).toBeLessThan(
      MAX_BYTES_PER_MODEL,
    );
  });

  it('stores the segments of its training customers and their cohorts', () => {
    const segmentation = served!.segmentation!;
    expect(segmentation.clv.measure).toBe('lifetimeValue');
    expect(segmentation.profiles.segments.reduce((n, p) => n + p.customers, 0)).toBe(segmentation.customers);
    for (const name of ['churn-risk', 'high-value', 'missed-opportunity'])
      expect(segmentation.profiles.segments.find((p) => p.segment === name)!.customers).toBeGreaterThan(0);
    expect(served!.cohorts!.sizes.reduce((a, b) => a + b, 0)).toBe(DEFAULT_CUSTOMER_MODEL_RECIPE.customers);
    expect(served!.cohorts!.retention.every((row) => row[0] === 1)).toBe(true);
  });

  it('values a customer with finite numbers', () => {
    const p = served!.predictor.predict(
      { x: 3, tx: 20, T: 40, zbar: 30 },
      new Float64Array(CUSTOMER_FEATURE_NAMES.length),
    );
    expect(p.probabilityAlive).toBeGreaterThan(0);
    expect(Number.isFinite(p.lifetimeValue)).toBe(true);
  });
});
