import type { ServedSessionModel } from '../../registry/index.ts';

/** The public description of a served model (GET /models). */
export function describeModel(model: ServedSessionModel) {
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
