import type { ColumnReference, ServedModelData } from '../registry/index.ts';

/** The reference column of every feature the model uses, by name (null where the reference lacks it). */
export function referenceColumns(model: ServedModelData): (ColumnReference | null)[] {
  const byName = new Map((model.reference?.features ?? []).map((c) => [c.name, c]));
  return model.featureNames.map((name) => byName.get(name) ?? null);
}
