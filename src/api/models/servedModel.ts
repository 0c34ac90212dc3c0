import type { Predictor } from '../../ml/estimator.ts';
import type { Reference } from '../../monitoring/reference.ts';
import type { ProductionPointer, Task } from '../../registry/index.ts';

/**
 * One model as the service serves it. Immutable: a reload builds a new object and swaps the
 * reference, so a request that captured it at its start finishes on the same model.
 */
export interface ServedModel {
  readonly task: Task;
  readonly version: string;
  readonly featureVersion: string;
  readonly featureNames: readonly string[];
  readonly modelName: string;
  readonly kind: string;
  /** Churn: the decision threshold (0.5 when the bundle has none). */
  readonly threshold: number | undefined;
  readonly metrics: Readonly<Record<string, number>>;
  readonly createdAt: string;
  readonly pointer: ProductionPointer;
  readonly predictor: Predictor;
  /** The version's reference.json; null when it has none (drift cannot be judged). */
  readonly reference: Reference | null;
  readonly loadedAtMs: number;
}

/** The public description of a served model (GET /models). */
export function describeModel(model: ServedModel) {
  return {
    task: model.task,
    version: model.version,
    modelName: model.modelName,
    kind: model.kind,
    featureVersion: model.featureVersion,
    featureCount: model.featureNames.length,
    threshold: model.threshold ?? null,
    metrics: { ...model.metrics },
    createdAt: model.createdAt,
    promotedAt: model.pointer.promotedAt,
    previousVersion: model.pointer.previousVersion,
    promotionReason: model.pointer.reason,
    loadedAt: new Date(model.loadedAtMs).toISOString(),
    hasReference: model.reference !== null,
  };
}
