import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../features/index.ts';
import type { Predictor } from '../../ml/estimator.ts';
import { type Reference, ReferenceSchema } from '../../monitoring/reference.ts';
import {
  loadProductionModel,
  REFERENCE_FILE,
  RegistryError,
  type Task,
  versionDir,
} from '../../registry/index.ts';
import type { ServedModel } from './servedModel.ts';

/**
 * Load the production model of a task from the registry: pointer → bundle → predictor, checked
 * against the running code's FEATURE_VERSION and FEATURE_NAMES, plus the version's reference.json.
 * Returns null when the task has no production pointer; throws (RegistryError, with the file and
 * the fix) when anything is invalid, so the caller can keep serving what it had.
 *
 * @example
 * const churn = loadServedModel('models', 'churn'); // ServedModel | null
 */
export function loadServedModel(modelsDir: string, task: Task, nowMs = Date.now()): ServedModel | null {
  const loaded = loadProductionModel(modelsDir, task, {
    featureVersion: FEATURE_VERSION,
    featureNames: FEATURE_NAMES,
  });
  if (loaded === null) return null;
  const { bundle, predictor, pointer } = loaded;
  if (task === 'churn' && bundle.threshold === undefined) {
    // Without a threshold there is no decision to return; refuse rather than guess 0.5.
    const path = join(versionDir(modelsDir, task, bundle.version), 'model.json');
    throw new RegistryError(
      `Churn bundle ${path} has no decision threshold; retrain with \`npm run train\`.`,
      path,
    );
  }
  smokeTest(predictor, join(versionDir(modelsDir, task, bundle.version), 'model.json'));
  return {
    task,
    version: bundle.version,
    featureVersion: bundle.featureVersion,
    featureNames: bundle.featureNames,
    modelName: bundle.modelName,
    kind: bundle.artifact.kind,
    threshold: bundle.threshold,
    metrics: bundle.metrics,
    createdAt: bundle.createdAt,
    pointer,
    predictor,
    reference: readReference(join(versionDir(modelsDir, task, bundle.version), REFERENCE_FILE)),
    loadedAtMs: nowMs,
  };
}

/**
 * Score an all-zero row before serving: an artifact that passes its schema but throws or yields a
 * non-finite number (corrupted coefficients, NaN leaves) is refused here, not on live traffic.
 */
function smokeTest(predictor: Predictor, path: string): void {
  const x = new Float64Array(predictor.featureNames.length);
  let prediction: number;
  try {
    prediction = predictor.predictRow(x);
    predictor.explainRow(x);
  } catch (error) {
    throw new RegistryError(`Model ${path} fails to score a row: ${(error as Error).message}`, path);
  }
  if (!Number.isFinite(prediction)) {
    throw new RegistryError(
      `Model ${path} scores an all-zero row as ${prediction}; the artifact is corrupt.`,
      path,
    );
  }
}

/** reference.json of a version, or null when absent; an invalid one is an error naming the file. */
function readReference(path: string): Reference | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RegistryError(`Reference ${path} is not valid JSON (${(error as Error).message}).`, path);
  }
  const parsed = ReferenceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RegistryError(
      `Reference ${path} is invalid (${issue?.path.join('.')}: ${issue?.message}); retrain to rebuild it.`,
      path,
    );
  }
  return parsed.data;
}
