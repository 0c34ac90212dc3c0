import { FEATURE_NAMES, FEATURE_VERSION } from '../../features/index.ts';
import type { Matrix } from '../../ml/matrix.ts';
import { type PromotionDecision, readProductionPointer, type Task } from '../../registry/index.ts';
import type { PromotionRule } from '../config.ts';
import type { TaskEvaluation } from '../models/taskEvaluation.ts';
import { NO_SCORES, recordDecision } from '../run/promoteVersion.ts';
import { decidePromotion } from './decidePromotion.ts';
import { scoreVersion } from './scoreVersion.ts';
import { unseenSessions } from './unseenSessions.ts';

export interface JudgeInputs {
  modelsDir: string;
  task: Task;
  candidateVersion: string;
  /** The newest test rows, with each row's session content hash (SplitData.sessionHash). */
  test: { X: Matrix; y: Float64Array; sessionHash: Uint32Array };
  evaluation: TaskEvaluation;
  rule: PromotionRule;
  now?: Date;
}

/**
 * Retraining's gate: load the candidate from disk (a corrupted or mismatched artifact is refused and
 * production stays), score it and the current production on the same newest test sessions, only
 * those that NEITHER was fitted on (each version records its training sessions; a data file that
 * overlaps production's training data would otherwise let production be judged on what it learnt),
 * and promote only when the rule says so. With fewer than `rule.minEvaluationSessions` such
 * sessions production is kept, saying why. Production that cannot be scored on the current features
 * (another feature version) or cannot be loaded at all is replaced, with the reason recorded. Every
 * outcome is appended to history.jsonl, with `evaluation` { sessions, excludedSeenInTraining }.
 *
 * @example
 * judgeCandidate({ modelsDir: 'var/models', task: 'churn', candidateVersion, test, evaluation, rule }).action;
 */
export function judgeCandidate(inputs: JudgeInputs): PromotionDecision {
  const { modelsDir, task, candidateVersion, test, evaluation, rule } = inputs;
  const now = inputs.now ?? new Date();
  const expected = { featureVersion: FEATURE_VERSION, featureNames: FEATURE_NAMES };
  const keep = (reason: string, evaluated?: PromotionDecision['evaluation']) =>
    recordDecision(
      modelsDir,
      task,
      candidateVersion,
      { promote: false, reason, scores: NO_SCORES, evaluation: evaluated },
      now,
    );
  const promote = (reason: string) =>
    recordDecision(modelsDir, task, candidateVersion, { promote: true, reason, scores: NO_SCORES }, now);

  try {
    scoreVersion(modelsDir, task, candidateVersion, test.X, test.y, evaluation, expected);
  } catch (error) {
    return keep(`candidate refused: ${(error as Error).message}`);
  }
  const pointer = readProductionPointer(modelsDir, task);
  if (!pointer) return promote('no production model yet');
  if (pointer.version === candidateVersion) return keep('candidate is already in production');

  const unseen = unseenSessions(modelsDir, task, [candidateVersion, pointer.version], test.sessionHash);
  const evaluated = {
    sessions: unseen.sessions,
    excludedSeenInTraining: unseen.excludedSeenInTraining,
    minSessions: rule.minEvaluationSessions,
  };
  const fair = { X: test.X.takeRows(unseen.rows), y: Float64Array.from(unseen.rows, (i) => test.y[i]) };
  let production: ReturnType<typeof scoreVersion>;
  try {
    production = scoreVersion(modelsDir, task, pointer.version, fair.X, fair.y, evaluation, {});
  } catch (error) {
    return promote(
      `production ${pointer.version} cannot be loaded (${(error as Error).message}); replaced by a valid candidate`,
    );
  }
  const productionBundle = production.loaded.bundle;
  const sameFeatures =
    productionBundle.featureVersion === FEATURE_VERSION &&
    productionBundle.featureNames.length === FEATURE_NAMES.length &&
    productionBundle.featureNames.every((name, i) => name === FEATURE_NAMES[i]);
  if (!sameFeatures) {
    return promote(
      `feature version changed (${productionBundle.featureVersion} → ${FEATURE_VERSION}): production cannot be served with the current features, so the candidate replaces it without comparison`,
    );
  }
  if (unseen.sessions < rule.minEvaluationSessions) {
    return keep(
      `only ${unseen.sessions} test sessions were seen by neither candidate nor production in training ` +
        `(${unseen.excludedSeenInTraining} excluded as seen; at least ${rule.minEvaluationSessions} needed, ` +
        `promotion.${task}.minEvaluationSessions): no fair comparison, production kept. Retrain on newer sessions.`,
      evaluated,
    );
  }
  const candidate = scoreVersion(modelsDir, task, candidateVersion, fair.X, fair.y, evaluation, expected);
  const verdict = decidePromotion(rule, candidate.metrics, production.metrics);
  const caveat =
    unseen.unrecorded.length > 0
      ? ` (${unseen.unrecorded.join(', ')} records no training sessions: it may have seen some test sessions)`
      : '';
  return recordDecision(
    modelsDir,
    task,
    candidateVersion,
    {
      promote: verdict.promote,
      reason: `${verdict.reason}${caveat}`,
      scores: {
        mainMetric: verdict.mainMetric,
        candidateScore: verdict.candidateScore,
        productionScore: verdict.productionScore,
        requiredMargin: verdict.requiredMargin,
        guards: verdict.guards,
      },
      evaluation: evaluated,
    },
    now,
  );
}
