import { FEATURE_NAMES, FEATURE_VERSION } from '../../features/index.ts';
import {
  appendDecision,
  loadVersion,
  type PromotionDecision,
  readHistory,
  readProductionPointer,
  type Task,
  writeProductionPointer,
} from '../../registry/index.ts';

/**
 * Point production back to the version it replaced (the pointer's `previousVersion`, else the
 * last history record that moved production to the current version), or to `to` when given. The
 * target must load with the current features, else nothing changes. The pointer is rewritten
 * atomically and a `rolled-back` record is appended to history. Rolling back twice undoes the
 * first rollback.
 *
 * @example
 * rollback('models', 'churn').productionVersionAfter;
 */
export function rollback(
  modelsDir: string,
  task: Task,
  options: { to?: string; now?: Date } = {},
): PromotionDecision {
  const pointer = readProductionPointer(modelsDir, task);
  if (!pointer) throw new Error(`${task} has no production model in ${modelsDir}: nothing to roll back.`);
  const target =
    options.to ?? pointer.previousVersion ?? previousFromHistory(modelsDir, task, pointer.version);
  if (!target) {
    throw new Error(
      `${task} production ${pointer.version} has no previous version (pointer and history name none); pass --to VERSION.`,
    );
  }
  if (target === pointer.version) throw new Error(`${task} production is already ${target}.`);
  // Refuse before touching the pointer: a rollback must land on something servable.
  loadVersion(modelsDir, task, target, { featureVersion: FEATURE_VERSION, featureNames: FEATURE_NAMES });
  const now = options.now ?? new Date();
  const reason = `rollback from ${pointer.version} to ${target}`;
  writeProductionPointer(modelsDir, {
    task,
    version: target,
    promotedAt: now.toISOString(),
    previousVersion: pointer.version,
    reason,
  });
  const record: PromotionDecision = {
    task,
    decidedAt: now.toISOString(),
    action: 'rolled-back',
    candidateVersion: null,
    productionVersionBefore: pointer.version,
    productionVersionAfter: target,
    mainMetric: null,
    candidateScore: null,
    productionScore: null,
    requiredMargin: null,
    guards: [],
    reason,
  };
  appendDecision(modelsDir, record);
  return record;
}

function previousFromHistory(modelsDir: string, task: Task, current: string): string | null {
  const history = readHistory(modelsDir, task);
  for (let i = history.length - 1; i >= 0; i--) {
    const d = history[i];
    if (
      d.productionVersionAfter === current &&
      d.productionVersionBefore &&
      d.productionVersionBefore !== current
    ) {
      return d.productionVersionBefore;
    }
  }
  return null;
}
