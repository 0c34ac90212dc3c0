import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../src/features/index.ts';
import type { Classifier } from '../../src/ml/estimator.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';
import type { ModelBundle } from '../../src/registry/index.ts';

const created: string[] = [];

/** A fresh temp folder, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'training-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Remove every folder {@link tempDir} made in this test file (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Rows over the real feature names where churn depends strongly on `pageId` and `clicks` (a model
 * that sees them ranks well; one that sees only noise does not).
 */
export function syntheticChurnRows(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const rng = createRng(seed);
  const columns = FEATURE_NAMES.map(() => new Float64Array(n));
  const pageId = FEATURE_NAMES.indexOf('pageId');
  const clicks = FEATURE_NAMES.indexOf('clicks');
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const column of columns) column[i] = rng();
    const logit = 6 * (columns[pageId][i] - 0.5) - 4 * (columns[clicks][i] - 0.5);
    y[i] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X: new Matrix([...FEATURE_NAMES], columns), y };
}

/** Write a fitted churn classifier as registry version `version` (a complete model.json). */
export function writeChurnVersion(
  modelsDir: string,
  version: string,
  model: Classifier,
  options: { featureVersion?: string; modelName?: string } = {},
): string {
  const artifact = model.toJSON();
  const bundle: ModelBundle = {
    bundleSchemaVersion: 1,
    task: 'churn',
    version,
    createdAt: '2026-11-23T08:00:00.000Z',
    modelName: options.modelName ?? artifact.kind,
    target: 'churn',
    featureVersion: options.featureVersion ?? FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    artifact: { ...artifact, featureNames: [...artifact.featureNames] },
    threshold: 0.5,
    params: {},
    metrics: {},
    dataFingerprint: { files: [], rows: 0, sessions: 0 },
    codeVersion: null,
  };
  const dir = join(modelsDir, 'churn', version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(bundle));
  return dir;
}
