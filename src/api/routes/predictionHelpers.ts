import type { Context } from 'hono';
import { productionPointerPath, type ServedModel, type Task } from '../../registry/index.ts';
import type { ObservedSession } from '../../session/index.ts';
import type { AppEnv } from '../appEnv.ts';
import type { ModelStore } from '../models/index.ts';
import { predictChurn, predictValue } from '../predict.ts';
import { ApiError, problemResponse } from '../problem.ts';

/** The error answers every prediction route declares. */
export const PREDICTION_ERRORS = {
  400: problemResponse('The body is not valid JSON'),
  413: problemResponse('The body is larger than BODY_LIMIT_BYTES'),
  415: problemResponse('The body is not sent with the declared content type'),
  422: problemResponse('The body breaks a rule of the schema (every field with its path and reason)'),
  500: problemResponse('The model scored the session as a non-finite number (never answered as 200)'),
  503: problemResponse('No model of this task is loaded yet'),
} as const;

/** The model of a task for this request, captured once (a reload during the request cannot swap it). */
export function captureModel(c: Context<AppEnv>, models: ModelStore, task: Task): ServedModel {
  const model = models.get(task);
  if (!model) {
    throw new ApiError({
      status: 503,
      slug: 'model-unavailable',
      title: 'Model not loaded',
      detail:
        `No ${task} model is loaded: ${productionPointerPath(models.modelsDir, task)} is missing or invalid (see the service log); ` +
        'train one with `npm run train`, then POST /admin/reload or wait for the watcher.',
    });
  }
  c.set('modelVersion', model.version);
  return model;
}

/** What identifies one scored session in the answer and the log. */
export interface ScoredSession {
  requestId: string;
  sessionId: string | null;
  session: ObservedSession;
}

/** Score a session with the churn model, queue its log row, and return the answer. */
export function scoreChurn(
  c: Context<AppEnv>,
  model: ServedModel,
  { requestId, sessionId, session }: ScoredSession,
) {
  const p = predictChurn(model, session);
  refuseNonFinite(model, [p.churnProbability, p.bias, ...p.topContributions.map((t) => t.contribution)]);
  c.get('predictionRows')?.push(
    logRow(requestId, sessionId, session, model, p.features, p.churnProbability, p.churn ? 1 : 0),
  );
  return {
    requestId,
    sessionId,
    modelVersion: model.version,
    churnProbability: p.churnProbability,
    churn: p.churn,
    threshold: p.threshold,
    bias: p.bias,
    topContributions: p.topContributions,
  };
}

/** Score a session with the session-value model, queue its log row, and return the answer. */
export function scoreValue(
  c: Context<AppEnv>,
  model: ServedModel,
  { requestId, sessionId, session }: ScoredSession,
) {
  const p = predictValue(model, session);
  refuseNonFinite(model, [p.rawPrediction]);
  c.get('predictionRows')?.push(
    logRow(requestId, sessionId, session, model, p.features, p.rawPrediction, null),
  );
  return {
    requestId,
    sessionId,
    modelVersion: model.version,
    revenueSoFarYuan: p.revenueSoFarYuan,
    expectedRemainingRevenueYuan: p.expectedRemainingRevenueYuan,
    expectedTotalRevenueYuan: p.expectedTotalRevenueYuan,
  };
}

/**
 * A model that passed its load checks can still overflow on some input; JSON would turn the
 * number into `null` under a 200. Refuse the answer instead (counted in
 * `model_non_finite_predictions_total`), before its row reaches the log.
 */
function refuseNonFinite(model: ServedModel, numbers: readonly number[]): void {
  const bad = numbers.find((n) => !Number.isFinite(n));
  if (bad === undefined) return;
  throw new ApiError({
    status: 500,
    slug: 'non-finite-prediction',
    title: 'The model gave no finite answer',
    detail:
      `The ${model.task} model ${model.version} scored this session as ${bad}; no answer is given. ` +
      `Roll it back (\`npm run rollback -- --task ${model.task}\`) or promote a retrained model.`,
  });
}

function logRow(
  requestId: string,
  clientSessionId: string | null,
  session: ObservedSession,
  model: ServedModel,
  features: Float64Array,
  prediction: number,
  decision: 0 | 1 | null,
) {
  return {
    requestId,
    clientSessionId,
    task: model.task,
    modelVersion: model.version,
    featureVersion: model.featureVersion,
    features,
    prediction,
    decision,
    pageCount: (session.firstPageId ?? 0) + session.pages.length,
  };
}
