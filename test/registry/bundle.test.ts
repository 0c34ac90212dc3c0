import { afterAll, describe, expect, it } from 'vitest';
import {
  loadModelBundle,
  loadProductionModel,
  RegistryError,
  writeProductionPointer,
} from '../../src/registry/index.ts';
import {
  churnBundle,
  FIXTURE_FEATURES,
  removeTempDirs,
  tempModelsDir,
  writeBundle,
} from './registryFixture.ts';

afterAll(removeTempDirs);

const V1 = '20261123T080000Z-aaaaaaaa';

describe('model bundle loading', () => {
  it('loads a valid bundle and builds a predictor that scores rows', () => {
    const models = tempModelsDir();
    writeBundle(models, V1, churnBundle(V1));
    writeProductionPointer(models, {
      task: 'churn',
      version: V1,
      promotedAt: '2026-11-23T09:00:00.000Z',
      previousVersion: null,
      reason: 'test',
    });
    const served = loadProductionModel(models, 'churn', {
      featureVersion: 'f-test',
      featureNames: FIXTURE_FEATURES,
    });
    expect(served?.bundle.version).toBe(V1);
    expect(served?.predictor.predictRow(Float64Array.of(0, 1))).toBe(1);
    expect(served?.predictor.predictRow(Float64Array.of(4, 1))).toBe(0);
  });

  it('refuses a corrupted model.json with an error naming the file', () => {
    const dir = writeBundle(tempModelsDir(), V1, '{"bundleSchemaVersion": 1, "task": "ch');
    expect(() => loadModelBundle(dir)).toThrow(RegistryError);
    expect(() => loadModelBundle(dir)).toThrow(/model bundle .*model\.json is not valid JSON/);
  });

  it('refuses a bundle missing required fields, naming the field', () => {
    const { metrics: _dropped, ...rest } = churnBundle(V1);
    const dir = writeBundle(tempModelsDir(), V1, JSON.stringify(rest));
    expect(() => loadModelBundle(dir)).toThrow(/invalid \(metrics:/);
  });

  it('refuses a bundle trained on another feature version', () => {
    const dir = writeBundle(tempModelsDir(), V1, churnBundle(V1, 'f0'));
    expect(() => loadModelBundle(dir, { featureVersion: 'f-test' })).toThrow(
      /trained on feature version f0, but the code computes f-test/,
    );
  });

  it('refuses a bundle whose artifact features differ from its declared features', () => {
    const bundle = churnBundle(V1);
    bundle.artifact.featureNames = ['pageId', 'clicks'];
    const dir = writeBundle(tempModelsDir(), V1, bundle);
    expect(() => loadModelBundle(dir)).toThrow(/column 0 is "pageId", expected "clicks"/);
  });

  it('refuses a bundle whose features differ from the running code', () => {
    const dir = writeBundle(tempModelsDir(), V1, churnBundle(V1));
    expect(() => loadModelBundle(dir, { featureNames: ['clicks'] })).toThrow(
      /uses other features than the code/,
    );
  });

  it('refuses a bundle copied into another version folder', () => {
    const dir = writeBundle(tempModelsDir(), V1, churnBundle('20261123T070000Z-cccccccc'));
    expect(() => loadModelBundle(dir)).toThrow(/lives in folder/);
  });

  it('refuses an artifact the inference code cannot read', () => {
    const models = tempModelsDir();
    const bundle = churnBundle(V1);
    bundle.artifact.kind = 'neural-network';
    writeBundle(models, V1, bundle);
    writeProductionPointer(models, {
      task: 'churn',
      version: V1,
      promotedAt: '2026-11-23T09:00:00.000Z',
      previousVersion: null,
      reason: 'test',
    });
    expect(() => loadProductionModel(models, 'churn')).toThrow(
      /artifact inference refuses: Unknown model artifact kind/,
    );
  });
});
