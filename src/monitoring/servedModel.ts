import type { Task } from '../registry/schema.ts';
import type { ColumnReference, Reference } from './reference.ts';

/** What monitoring needs to know about one served model (the API hands these in from its registry). */
export interface ServedModel {
  task: Task;
  version: string;
  featureNames: readonly string[];
  /** Churn only: the decision threshold the service applies. */
  threshold?: number;
  /** The version's `reference.json`; null when the registry has none (drift cannot be judged). */
  reference: Reference | null;
}

/** The reference column of every feature the model uses, by name (null where the reference lacks it). */
export function referenceColumns(model: ServedModel): (ColumnReference | null)[] {
  const byName = new Map((model.reference?.features ?? []).map((c) => [c.name, c]));
  return model.featureNames.map((name) => byName.get(name) ?? null);
}

/**
 * The fields monitoring reads, as plain data. The API hands in its own served models, which also
 * carry a predictor (functions): those cannot be sent to the report thread.
 */
export function servedModelData({
  task,
  version,
  featureNames,
  threshold,
  reference,
}: ServedModel): ServedModel {
  return { task, version, featureNames, threshold, reference };
}
