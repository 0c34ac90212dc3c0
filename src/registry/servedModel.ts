import type { CustomerValuePredictor } from '../ml/clv/customerValue.ts';
import type { ConformalCalibration } from '../ml/conformal.ts';
import type { Predictor } from '../ml/estimator.ts';
import type { CohortsFile } from '../segments/cohorts.ts';
import type {
  CustomerPlacement,
  CustomerSegmentation,
  SegmentFacts,
} from '../segments/customerSegmentation.ts';
import type { Reference } from './reference.ts';
import type { CustomerTask, ProductionPointer, RegistryTask, Task } from './schema.ts';

/** What every served model carries, whatever its task. */
interface ServedModelCommon {
  readonly version: string;
  readonly featureVersion: string;
  readonly featureNames: readonly string[];
  readonly modelName: string;
  readonly kind: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly createdAt: string;
  readonly pointer: ProductionPointer;
  /** The version's reference.json; null when it has none (drift cannot be judged). */
  readonly reference: Reference | null;
  readonly loadedAtMs: number;
}

/** A session model (churn, session value): one predictor over the session features. */
export interface ServedSessionModel extends ServedModelCommon {
  readonly task: Task;
  /** Churn: the decision threshold chosen on validation (every served churn model has one). */
  readonly threshold?: number;
  /** Session value: the interval calibration, when the bundle has one. */
  readonly interval?: ConformalCalibration;
  /** Churn: the pages-ahead hazard model of the survival view, when the bundle has one. */
  readonly pagesAhead?: Predictor;
  readonly predictor: Predictor;
}

/** The customer-value model: BG/NBD × Gamma-Gamma, the supervised horizon models and the segments. */
export interface ServedCustomerModel extends ServedModelCommon {
  readonly task: CustomerTask;
  readonly predictor: CustomerValuePredictor;
  /**
   * The stored segmentation (thresholds, RFM edges, mixture, training profiles) and its placer;
   * both null for a bundle fitted before segments were stored.
   */
  readonly segmentation: CustomerSegmentation | null;
  readonly placeCustomer: ((facts: SegmentFacts) => CustomerPlacement) | null;
  /** The version's cohorts.json (training transactions' cohort matrices); null when it has none. */
  readonly cohorts: CohortsFile | null;
}

/**
 * One model as the service serves it, built by the one loader `loadServed(modelsDir, task)`: the
 * task tells which member. Immutable: a reload builds a new object and swaps the reference, so a
 * request that captured it at its start finishes on the same model.
 */
export type ServedModel = ServedSessionModel | ServedCustomerModel;

/** The served model of one task: `ServedModelOf<'churn'>` is a session model. */
export type ServedModelOf<T extends RegistryTask> = T extends CustomerTask
  ? ServedCustomerModel
  : ServedSessionModel;

/**
 * The plain-data part of a served model that monitoring reads. It crosses thread boundaries (the
 * report thread), so it holds no predictor (functions cannot be cloned).
 */
export interface ServedModelData {
  /** A session task, or the customer-value task (drift of the customer features and of CLV). */
  readonly task: RegistryTask;
  readonly version: string;
  readonly featureNames: readonly string[];
  readonly reference: Reference | null;
  readonly threshold?: number;
  readonly interval?: ConformalCalibration;
}

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
