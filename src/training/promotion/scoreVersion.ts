import type { Matrix } from '../../ml/matrix.ts';
import { type BundleExpectations, type LoadedModel, loadVersion, type Task } from '../../registry/index.ts';
import type { TaskEvaluation } from '../models/taskEvaluation.ts';

/** A registry version scored on a set of rows through its serving predictor. */
export interface ScoredVersion {
  loaded: LoadedModel;
  metrics: Record<string, number>;
}

/**
 * Load a version from disk exactly as the API would (bundle checks + inference code) and score it on
 * the given rows with its own stored threshold. Candidate and production go through this same path,
 * so their numbers are comparable and a broken artifact fails here, before any promotion.
 *
 * @example
 * scoreVersion('models', 'churn', version, test.X, test.churn, evaluation, { featureVersion: FEATURE_VERSION });
 */
export function scoreVersion(
  modelsDir: string,
  task: Task,
  version: string,
  X: Matrix,
  y: Float64Array,
  evaluation: TaskEvaluation,
  expected: BundleExpectations,
): ScoredVersion {
  const loaded = loadVersion(modelsDir, task, version, expected);
  const columns = loaded.bundle.featureNames.map((name) => {
    const j = X.featureNames.indexOf(name);
    if (j < 0) throw new Error(`Version ${version} needs feature "${name}", which the data does not have.`);
    return X.columns[j];
  });
  const row = new Float64Array(columns.length);
  const prediction = new Float64Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) {
    for (let j = 0; j < columns.length; j++) row[j] = columns[j][i];
    prediction[i] = loaded.predictor.predictRow(row);
  }
  return { loaded, metrics: evaluation.metrics(y, prediction, loaded.bundle.threshold ?? null) };
}
