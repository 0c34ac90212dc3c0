import { join } from 'node:path';
import { CUSTOMER_FEATURE_NAMES, CUSTOMER_FEATURE_VERSION } from '../customers/features.ts';
import { CustomerValuePredictor } from '../ml/clv/customerValue.ts';
import { loadModelBundle } from './bundle.ts';
import { RegistryError } from './errors.ts';
import { BUNDLE_FILE, versionDir } from './paths.ts';
import { readProductionPointer } from './pointer.ts';
import { type Reference, readReference } from './reference.ts';
import { CUSTOMER_TASK, type ProductionPointer } from './schema.ts';

/** The customer-value model as the service serves it: immutable, swapped whole on reload. */
export interface ServedCustomerModel {
  readonly task: typeof CUSTOMER_TASK;
  readonly version: string;
  readonly featureVersion: string;
  readonly featureNames: readonly string[];
  readonly createdAt: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly pointer: ProductionPointer;
  readonly predictor: CustomerValuePredictor;
  readonly reference: Reference | null;
  readonly loadedAtMs: number;
}

/**
 * Pointer → bundle → CustomerValuePredictor, checked against the running code's customer features,
 * and scored once on a one-purchase customer before serving. Null without a production pointer;
 * a RegistryError naming the file when anything is invalid (the caller keeps what it serves).
 *
 * @example
 * const customers = loadServedCustomerModel('var/models'); // ServedCustomerModel | null
 */
export function loadServedCustomerModel(modelsDir: string, nowMs = Date.now()): ServedCustomerModel | null {
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
  return {
    task: CUSTOMER_TASK,
    version: bundle.version,
    featureVersion: bundle.featureVersion,
    featureNames: bundle.featureNames,
    createdAt: bundle.createdAt,
    metrics: bundle.metrics,
    pointer,
    predictor,
    reference: readReference(dir),
    loadedAtMs: nowMs,
  };
}
