import { join } from 'node:path';
import { FEATURE_NAMES, FEATURE_VERSION } from '../features/index.ts';
import type { Predictor } from '../ml/estimator.ts';
import { loadPredictor } from '../ml/inference/index.ts';
import { RegistryError } from './errors.ts';
import { loadServedCustomer } from './loadServedCustomer.ts';
import { BUNDLE_FILE, versionDir } from './paths.ts';
import { loadProductionModel } from './productionModel.ts';
import { readReference } from './reference.ts';
import { CUSTOMER_TASK, type CustomerTask, type RegistryTask, type Task } from './schema.ts';
import type { ServedCustomerModel, ServedModel, ServedSessionModel } from './servedModel.ts';

/**
 * The one loader of a served model, for every task: pointer → bundle → predictor, checked against
 * the running code's feature version and names, plus the version's reference.json. A session task
 * gives a session model; the customer-value task the customer model with its segmentation.
 * Returns null when the task has no production pointer; throws (RegistryError, with the file and
 * the fix) when anything is invalid, so the caller can keep serving what it had.
 *
 * @example
 * const churn = loadServed('models', 'churn'); // ServedSessionModel | null
 * const customers = loadServed('models', CUSTOMER_TASK); // ServedCustomerModel | null
 */
export function loadServed(modelsDir: string, task: Task, nowMs?: number): ServedSessionModel | null;
export function loadServed(modelsDir: string, task: CustomerTask, nowMs?: number): ServedCustomerModel | null;
export function loadServed(modelsDir: string, task: RegistryTask, nowMs?: number): ServedModel | null;
export function loadServed(modelsDir: string, task: RegistryTask, nowMs = Date.now()): ServedModel | null {
  if (task === CUSTOMER_TASK) return loadServedCustomer(modelsDir, nowMs);
  return loadServedSession(modelsDir, task, nowMs);
}

function loadServedSession(modelsDir: string, task: Task, nowMs: number): ServedSessionModel | null {
  const loaded = loadProductionModel(modelsDir, task, {
    featureVersion: FEATURE_VERSION,
    featureNames: FEATURE_NAMES,
  });
  if (loaded === null) return null;
  const { bundle, predictor, pointer } = loaded;
  const dir = versionDir(modelsDir, task, bundle.version);
  const bundlePath = join(dir, BUNDLE_FILE);
  if (task === 'churn' && bundle.threshold === undefined) {
    // Without a threshold there is no decision to return; refuse rather than guess 0.5.
    throw new RegistryError(
      `Churn bundle ${bundlePath} has no decision threshold; retrain with \`npm run train\`.`,
      bundlePath,
    );
  }
  smokeTest(predictor, bundlePath);
  return {
    task,
    version: bundle.version,
    featureVersion: bundle.featureVersion,
    featureNames: bundle.featureNames,
    modelName: bundle.modelName,
    kind: bundle.artifact.kind,
    threshold: bundle.threshold,
    interval: bundle.interval,
    pagesAhead: bundle.survival
      ? loadPagesAhead(bundle.survival.artifact, bundle.featureNames, bundlePath)
      : undefined,
    metrics: bundle.metrics,
    createdAt: bundle.createdAt,
    pointer,
    predictor,
    reference: readReference(dir),
    loadedAtMs: nowMs,
  };
}

/** The survival view's model: its features must be the bundle's plus `pagesAhead`, in order. */
function loadPagesAhead(artifact: unknown, featureNames: readonly string[], path: string): Predictor {
  let predictor: Predictor;
  try {
    predictor = loadPredictor(artifact);
  } catch (error) {
    throw new RegistryError(`${path}: survival.artifact is invalid: ${(error as Error).message}`, path);
  }
  const expected = [...featureNames, 'pagesAhead'];
  if (
    predictor.featureNames.length !== expected.length ||
    predictor.featureNames.some((n, j) => n !== expected[j])
  ) {
    throw new RegistryError(
      `${path}: survival.artifact must use the bundle's features plus pagesAhead; retrain.`,
      path,
    );
  }
  return predictor;
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
