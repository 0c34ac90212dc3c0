import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from '../../src/ml/matrix.ts';
import { DecisionTreeClassifier } from '../../src/ml/tree/index.ts';
import type { ModelBundle } from '../../src/registry/index.ts';

export const FIXTURE_FEATURES = ['clicks', 'pageId'];

const created: string[] = [];

/** A fresh temp registry folder, removed by {@link removeTempDirs}. */
export function tempModelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
  created.push(dir);
  return dir;
}

/** Remove every folder made in this test file (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A real, servable churn bundle (a tiny fitted tree) for `version`. */
export function churnBundle(version: string, featureVersion = 'f-test'): ModelBundle {
  const X = Matrix.fromRows(FIXTURE_FEATURES, [
    [0, 1],
    [3, 1],
    [0, 2],
    [4, 2],
  ]);
  const tree = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, Float64Array.of(1, 0, 1, 0));
  const artifact = tree.toJSON();
  return {
    bundleSchemaVersion: 1,
    task: 'churn',
    version,
    createdAt: '2026-11-23T08:00:00.000Z',
    modelName: 'decision-tree',
    target: 'churn',
    featureVersion,
    featureNames: [...FIXTURE_FEATURES],
    artifact: { ...artifact, featureNames: [...artifact.featureNames] },
    threshold: 0.5,
    params: { maxDepth: 2 },
    metrics: { rocAuc: 1 },
    dataFingerprint: { files: [], rows: 4, sessions: 2 },
    codeVersion: null,
  };
}

/** Write `bundle` (or any JSON text) as `<modelsDir>/churn/<version>/model.json`. */
export function writeBundle(modelsDir: string, version: string, content: ModelBundle | string): string {
  const dir = join(modelsDir, 'churn', version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}
