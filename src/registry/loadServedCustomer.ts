import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_FEATURE_NAMES, CUSTOMER_FEATURE_VERSION } from '../customers/features.ts';
import { CustomerValuePredictor } from '../ml/clv/customerValue.ts';
import { type CohortsFile, CohortsFileSchema } from '../segments/cohorts.ts';
import { type CustomerSegmentation, segmentPlacer } from '../segments/customerSegmentation.ts';
import { loadModelBundle } from './bundle.ts';
import { RegistryError } from './errors.ts';
import { BUNDLE_FILE, COHORTS_FILE, versionDir } from './paths.ts';
import { readProductionPointer } from './pointer.ts';
import { describeIssues, readJsonFile } from './readJsonFile.ts';
import { readReference } from './reference.ts';
import { CUSTOMER_TASK } from './schema.ts';
import type { ServedCustomerModel } from './servedModel.ts';

/**
 * The customer-value branch of `loadServed`: pointer → bundle (its `segmentation` checked by the
 * bundle schema) → CustomerValuePredictor, checked against the running code's customer features,
 * then one one-purchase customer scored and placed in the segments before serving; the version's
 * cohorts.json is read too (the dashboard shows it).
 */
export function loadServedCustomer(modelsDir: string, nowMs: number): ServedCustomerModel | null {
  const pointer = readProductionPointer(modelsDir, CUSTOMER_TASK);
  if (pointer === null) return null;
  const dir = versionDir(modelsDir, CUSTOMER_TASK, pointer.version);
  const path = join(dir, BUNDLE_FILE);
  const bundle = loadModelBundle(dir, {
    task: CUSTOMER_TASK,
    featureVersion: CUSTOMER_FEATURE_VERSION,
    featureNames: CUSTOMER_FEATURE_NAMES,
  });
  let predictor: CustomerValuePredictor;
  try {
    predictor = new CustomerValuePredictor(bundle.artifact);
    const smoke = predictor.predict(
      { x: 1, tx: 1, T: 2, zbar: 10 },
      new Float64Array(CUSTOMER_FEATURE_NAMES.length),
    );
    const values = [
      smoke.lifetimeValue,
      smoke.probabilityAlive,
      smoke.supervised.purchaseProbability,
      smoke.supervised.spend,
    ];
    if (!values.every(Number.isFinite)) throw new Error(`a test customer scores ${values.join(', ')}`);
  } catch (error) {
    throw new RegistryError(`Model bundle ${path} cannot serve: ${(error as Error).message}`, path);
  }
  const segmentation = bundle.segmentation ?? null;
  const placeCustomer = segmentation && placerOrFail(segmentation, path);
  return {
    task: CUSTOMER_TASK,
    version: bundle.version,
    featureVersion: bundle.featureVersion,
    featureNames: bundle.featureNames,
    modelName: bundle.modelName,
    kind: bundle.artifact.kind,
    metrics: bundle.metrics,
    createdAt: bundle.createdAt,
    pointer,
    predictor,
    segmentation,
    placeCustomer,
    cohorts: readCohorts(dir),
    reference: readReference(dir),
    loadedAtMs: nowMs,
  };
}

/**
 * The placer of a stored segmentation, tried on one customer: a mixture that passes the bundle
 * schema but not its own, or places nobody, is refused here rather than on live traffic.
 */
function placerOrFail(segmentation: CustomerSegmentation, path: string) {
  try {
    const placeCustomer = segmentPlacer(segmentation);
    const placed = placeCustomer({
      recencyDays: 30,
      frequency: 1,
      meanSpend: 20,
      totalSpend: 40,
      recentPurchases: 1,
      pAlive: 0.5,
      clv: 50,
    });
    if (!Number.isFinite(placed.cluster.probability))
      throw new Error(`a test customer's cluster probability is ${placed.cluster.probability}`);
    return placeCustomer;
  } catch (error) {
    throw new RegistryError(
      `Model bundle ${path}: segmentation cannot place a customer: ${(error as Error).message}; refit with \`npm run clv -- fit\`.`,
      path,
    );
  }
}

/** The version's cohorts.json, or null when it has none (a version fitted before it was written). */
function readCohorts(dir: string): CohortsFile | null {
  const path = join(dir, COHORTS_FILE);
  if (!existsSync(path)) return null;
  const parsed = CohortsFileSchema.safeParse(readJsonFile(path, 'cohorts file'));
  if (!parsed.success) {
    throw new RegistryError(
      `Cohorts file ${path} is invalid (${describeIssues(parsed.error.issues)}); refit with \`npm run clv -- fit\`.`,
      path,
    );
  }
  return parsed.data;
}
