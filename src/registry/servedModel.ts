import type { ConformalCalibration } from '../ml/conformal.ts';
import type { Predictor } from '../ml/estimator.ts';
import type { Reference } from './reference.ts';
import type { ProductionPointer, RegistryTask, Task } from './schema.ts';

/**
 * One model as the service serves it, built by {@link loadServed}. Immutable: a reload builds a
 * new object and swaps the reference, so a request that captured it at its start finishes on the
 * same model.
 */
export interface ServedModel {
  readonly task: Task;
  readonly version: string;
  readonly featureVersion: string;
  readonly featureNames: readonly string[];
  readonly modelName: string;
  readonly kind: string;
  /** Churn: the decision threshold chosen on validation (every served churn model has one). */
  readonly threshold?: number;
  /** Session value: the interval calibration, when the bundle has one. */
  readonly interval?: ConformalCalibration;
  /** Churn: the pages-ahead hazard model of the survival view, when the bundle has one. */
  readonly pagesAhead?: Predictor;
  readonly metrics: Readonly<Record<string, number>>;
  readonly createdAt: string;
  readonly pointer: ProductionPointer;
  readonly predictor: Predictor;
  /** The version's reference.json; null when it has none (drift cannot be judged). */
  readonly reference: Reference | null;
  readonly loadedAtMs: number;
}

/**
 * The plain-data part of a served model that monitoring reads. It crosses thread boundaries (the
 * report thread), so it holds no predictor (functions cannot be cloned).
 */
export type ServedModelData = Pick<
  ServedModel,
  'version' | 'featureNames' | 'threshold' | 'reference' | 'interval'
> & {
  /** A session task, or the customer-value task (drift of the customer features and of CLV). */
  readonly task: RegistryTask;
};

/**
 * The {@link ServedModelData} fields of a served model, as a new plain object.
 *
 * @example
 * worker.postMessage({ models: store.served().map(servedModelData) });
 */
export function servedModelData({
  task,
  version,
  featureNames,
  threshold,
  reference,
  interval,
}: ServedModelData): ServedModelData {
  return { task, version, featureNames, threshold, reference, interval };
}
