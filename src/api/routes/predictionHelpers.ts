import type { Context } from 'hono';
import { conformalInterval } from '../../ml/conformal.ts';
import { productionPointerPath, type ServedSessionModel, type Task } from '../../registry/index.ts';
import type { ObservedSession } from '../../session/index.ts';
import type { AppEnv, PendingRow } from '../appEnv.ts';
import type { ModelStore } from '../models/index.ts';
import { predictChurn, predictValue } from '../predict.ts';
import { ApiError, problemResponse } from '../problem.ts';

/** The error answers every prediction route declares. */
export const PREDICTION_ERRORS = {
  400: problemResponse('The body is not valid JSON'),
  413: problemResponse(
    'The body is larger than BODY_LIMIT_BYTES (1 MiB by default; about 19 sessions of 12 full pages fill it)',
  ),
  415: problemResponse('The body is not sent with the declared content type'),
  422: problemResponse('The body breaks a rule of the schema (every field with its path and reason)'),
  500: problemResponse('The model scored the session as a non-finite number (never answered as 200)'),
  503: problemResponse('No model of this task is loaded yet'),
} as const;

/** The model of a task for this request, captured once (a reload during the request cannot swap it). */
export function captureModel(c: Context<AppEnv>, models: ModelStore, task: Task): ServedSessionModel {
  const model = models.get(task);
  if (!model) {
    throw modelUnavailable({
      task,
      pointer: productionPointerPath(models.modelsDir, task),
      make: 'train one with `npm run train`',
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
  model: ServedSessionModel,
  { requestId, sessionId, session }: ScoredSession,
) {
  const p = predictChurn(model, session);
  refuseNonFinite(model, [
    p.churnProbability,
    p.bias,
    ...p.topContributions.map((t) => t.contribution),
    ...(p.survival ? [p.survival.expectedFurtherPages, ...p.survival.stillBrowsing] : []),
  ]);
  c.get('predictionRows')?.push(
    logRow({ requestId, sessionId, session }, model, {
      features: p.features,
      prediction: p.churnProbability,
      decision: p.churn ? 1 : 0,
      survival: p.survival,
    }),
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
    ...(p.survival ? { survival: p.survival } : {}),
  };
}

/** Interval level when a value request does not ask for one. */
export const DEFAULT_INTERVAL_LEVEL = 0.8;

/**
 * The `level` query parameter of a value request: 0.50–0.99 in steps of 0.01 (the levels every
 * calibration holds), default 0.80. Anything else is a 422 saying what is accepted.
 */
export function intervalLevel(c: Context<AppEnv>): number {
  const text = c.req.query('level');
  if (text === undefined) return DEFAULT_INTERVAL_LEVEL;
  const level = Number(text);
  if (!/^0?\.\d{1,2}$/.test(text.trim()) || !(level >= 0.5 && level <= 0.99)) {
    throw new ApiError({
      status: 422,
      slug: 'invalid-query',
      title: 'Invalid query parameter',
      detail: `level=${JSON.stringify(text).slice(0, 40)} is not an interval level: give 0.50 to 0.99 in steps of 0.01, e.g. ?level=0.9.`,
      errors: [{ path: 'level', message: 'expected 0.50–0.99 with at most two decimals' }],
    });
  }
  return level;
}

/** Score a session with the session-value model, queue its log row, and return the answer. */
export function scoreValue(
  c: Context<AppEnv>,
  model: ServedSessionModel,
  { requestId, sessionId, session }: ScoredSession,
  level: number = DEFAULT_INTERVAL_LEVEL,
) {
  const p = predictValue(model, session);
  refuseNonFinite(model, [p.rawPrediction]);
  const interval = model.interval ? conformalInterval(model.interval, p.rawPrediction, level) : undefined;
  c.get('predictionRows')?.push(
    logRow({ requestId, sessionId, session }, model, {
      features: p.features,
      prediction: p.rawPrediction,
      decision: null,
      interval,
    }),
  );
  return {
    requestId,
    sessionId,
    modelVersion: model.version,
    revenueSoFarYuan: p.revenueSoFarYuan,
    expectedRemainingRevenueYuan: p.expectedRemainingRevenueYuan,
    expectedTotalRevenueYuan: p.expectedTotalRevenueYuan,
    ...(interval ? { interval } : {}),
  };
}

/**
 * A model that passed its load checks can still overflow on some input; JSON would turn the
 * number into `null` under a 200. Refuse the answer instead (counted in
 * `model_non_finite_predictions_total`), before its row reaches the log.
 */
function refuseNonFinite(model: ServedSessionModel, numbers: readonly number[]): void {
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

/** The log row of a scored session: what the model saw and everything the answer gave. */
function logRow(
  { requestId, sessionId, session }: ScoredSession,
  model: ServedSessionModel,
  answered: Pick<PendingRow, 'features' | 'prediction' | 'decision' | 'interval' | 'survival'>,
): PendingRow {
  return {
    requestId,
    clientSessionId: sessionId,
    task: model.task,
    modelVersion: model.version,
    featureVersion: model.featureVersion,
    pageCount: (session.firstPageId ?? 0) + session.pages.length,
    ...answered,
  };
}

/**
 * The 503 problem of a route whose model is not loaded: which pointer is missing or invalid, and
 * how to make a model (`make`), for the session and the customer routes alike.
 */
export function modelUnavailable({
  task,
  pointer,
  make,
}: {
  task: string;
  pointer: string;
  make: string;
}): ApiError {
  return new ApiError({
    status: 503,
    slug: 'model-unavailable',
    title: 'Model not loaded',
    detail:
      `No ${task} model is loaded: ${pointer} is missing or invalid (see the service log); ` +
      `${make}, then POST /admin/reload or wait for the watcher.`,
  });
}
