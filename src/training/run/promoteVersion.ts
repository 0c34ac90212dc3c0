import {
  appendDecision,
  type GuardCheck,
  type PromotionDecision,
  readProductionPointer,
  type Task,
  writeProductionPointer,
} from '../../registry/index.ts';

/** The comparison behind a decision (absent for first models, forced promotions and rollbacks). */
export interface DecisionScores {
  mainMetric: string | null;
  candidateScore: number | null;
  productionScore: number | null;
  requiredMargin: number | null;
  guards: GuardCheck[];
}

export const NO_SCORES: DecisionScores = {
  mainMetric: null,
  candidateScore: null,
  productionScore: null,
  requiredMargin: null,
  guards: [],
};

const finiteOrNull = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);

/**
 * Record a decision about `candidateVersion`: when `promote`, point production at it (atomically,
 * remembering the version it replaces); either way append the decision to history.jsonl.
 *
 * @example
 * recordDecision('models', 'churn', version, { promote: true, reason: 'no production model yet', scores: NO_SCORES });
 */
export function recordDecision(
  modelsDir: string,
  task: Task,
  candidateVersion: string,
  decision: {
    promote: boolean;
    reason: string;
    scores: DecisionScores;
    action?: PromotionDecision['action'];
    evaluation?: PromotionDecision['evaluation'];
  },
  now: Date = new Date(),
): PromotionDecision {
  const before = readProductionPointer(modelsDir, task)?.version ?? null;
  if (decision.promote) {
    writeProductionPointer(modelsDir, {
      task,
      version: candidateVersion,
      promotedAt: now.toISOString(),
      previousVersion: before,
      reason: decision.reason,
    });
  }
  const record: PromotionDecision = {
    task,
    decidedAt: now.toISOString(),
    action: decision.action ?? (decision.promote ? 'promoted' : 'kept'),
    candidateVersion,
    productionVersionBefore: before,
    productionVersionAfter: decision.promote ? candidateVersion : before,
    mainMetric: decision.scores.mainMetric,
    candidateScore: finiteOrNull(decision.scores.candidateScore),
    productionScore: finiteOrNull(decision.scores.productionScore),
    requiredMargin: finiteOrNull(decision.scores.requiredMargin),
    guards: decision.scores.guards,
    reason: decision.reason,
    ...(decision.evaluation ? { evaluation: decision.evaluation } : {}),
  };
  appendDecision(modelsDir, record);
  return record;
}
