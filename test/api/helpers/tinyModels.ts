import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_INDEX, FEATURE_NAMES, FEATURE_VERSION } from '../../../src/features/index.ts';
import { CONFORMAL_LEVELS } from '../../../src/ml/conformal.ts';
import { type ModelBundle, type Task, writeProductionPointer } from '../../../src/registry/index.ts';
import { buildReference } from '../../../src/registry/reference.ts';

export const CHURN_V1 = '20261123T080000Z-00000001';
export const CHURN_V2 = '20261123T090000Z-00000002';
export const VALUE_V1 = '20261123T080000Z-000000a1';

/**
 * A real logistic-regression artifact over every feature: churn rises with the no-click streak and
 * falls with clicks so far (coefficients on standardised inputs; means 0, scales 1 keep it legible).
 */
export function churnArtifact(intercept = -1): ModelBundle['artifact'] {
  const n = FEATURE_NAMES.length;
  const coefficients = new Array<number>(n).fill(0);
  coefficients[FEATURE_INDEX.noClickStreakPages] = 0.4;
  coefficients[FEATURE_INDEX.clicksSoFar] = -0.3;
  coefficients[FEATURE_INDEX.pageId] = 0.1;
  return {
    kind: 'logistic-regression',
    schemaVersion: 1,
    featureNames: [...FEATURE_NAMES],
    params: { l2: 1 },
    state: {
      inputMeans: new Array(n).fill(0),
      inputScales: new Array(n).fill(1),
      coefficients,
      intercept,
      converged: true,
      nIterations: 12,
    },
  };
}

/**
 * The tiny churn model's pages-ahead model (survival view): a logistic regression over every feature
 * plus `pagesAhead`, P(another page) = σ(1 − 0.2·pagesAhead), whatever the session.
 */
export function pagesAheadArtifact(): ModelBundle['artifact'] {
  const n = FEATURE_NAMES.length + 1;
  const coefficients = new Array<number>(n).fill(0);
  coefficients[n - 1] = -0.2;
  return {
    kind: 'logistic-regression',
    schemaVersion: 1,
    featureNames: [...FEATURE_NAMES, 'pagesAhead'],
    params: { l2: 1 },
    state: {
      inputMeans: new Array(n).fill(0),
      inputScales: new Array(n).fill(1),
      coefficients,
      intercept: 1,
      converged: true,
      nIterations: 3,
    },
  };
}

/** A real linear-regression artifact: remaining revenue grows with expected value so far. */
export function valueArtifact(): ModelBundle['artifact'] {
  const n = FEATURE_NAMES.length;
  const coefficients = new Array<number>(n).fill(0);
  coefficients[FEATURE_INDEX.expectedValueSoFarYuan] = 0.5;
  return {
    kind: 'linear-regression',
    schemaVersion: 1,
    featureNames: [...FEATURE_NAMES],
    params: {},
    state: {
      inputMeans: new Array(n).fill(0),
      inputScales: new Array(n).fill(1),
      coefficients,
      intercept: 1.5,
    },
  };
}

/** The tiny value model's interval calibration: score quantile 2·level at every level. */
export const TINY_INTERVAL = {
  method: 'split-conformal' as const,
  power: 1.5,
  floor: 0.01,
  rows: 100,
  levels: [...CONFORMAL_LEVELS],
  quantiles: CONFORMAL_LEVELS.map((level) => 2 * level),
};

function bundle(task: Task, version: string, artifact: ModelBundle['artifact']): ModelBundle {
  return {
    bundleSchemaVersion: 1,
    task,
    version,
    createdAt: '2026-11-23T08:00:00.000Z',
    modelName: artifact.kind,
    target: task === 'churn' ? 'churn' : 'remainingRevenue',
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    artifact,
    ...(task === 'churn'
      ? { threshold: 0.4, survival: { artifact: pagesAheadArtifact() } }
      : { interval: TINY_INTERVAL }),
    params: {},
    metrics: task === 'churn' ? { rocAuc: 0.71, logLoss: 0.52 } : { rmse: 12.3, mae: 2.1 },
    dataFingerprint: { files: [], rows: 100, sessions: 20 },
    codeVersion: null,
  };
}

/** Write a version folder (model.json + reference.json); `overrides` can break the bundle on purpose. */
export function writeVersion(
  modelsDir: string,
  task: Task,
  version: string,
  artifact: ModelBundle['artifact'],
  overrides: Record<string, unknown> = {},
): void {
  const dir = join(modelsDir, task, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({ ...bundle(task, version, artifact), ...overrides }),
  );
  const rows = 8;
  const columns = FEATURE_NAMES.map((_, j) =>
    Float64Array.from({ length: rows }, (_, i) => (i * (j + 1)) % 5),
  );
  const predictions = Float64Array.from({ length: rows }, (_, i) => i / rows);
  writeFileSync(
    join(dir, 'reference.json'),
    JSON.stringify(buildReference(FEATURE_VERSION, FEATURE_NAMES, columns, predictions)),
  );
}

/** Point production at a version with the registry's own atomic writer. */
export function promote(
  modelsDir: string,
  task: Task,
  version: string,
  previousVersion: string | null = null,
): void {
  writeProductionPointer(modelsDir, {
    task,
    version,
    promotedAt: new Date().toISOString(),
    previousVersion,
    reason: 'test',
  });
}

/** A registry with a served churn model (CHURN_V1) and session-value model (VALUE_V1). */
export function writeTinyRegistry(modelsDir: string): void {
  writeVersion(modelsDir, 'churn', CHURN_V1, churnArtifact());
  writeVersion(modelsDir, 'session-value', VALUE_V1, valueArtifact());
  promote(modelsDir, 'churn', CHURN_V1);
  promote(modelsDir, 'session-value', VALUE_V1);
}
