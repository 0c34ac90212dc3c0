import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Task } from '../../registry/index.ts';
import type { AppEnv, PendingRow } from '../appEnv.ts';
import type { ModelStore, ServedModel } from '../models/index.ts';
import { type ChurnPrediction, predictChurn, predictValue, type ValuePrediction } from '../predict.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';
import {
  ChurnBatchResultSchema,
  ChurnResultSchema,
  ValueBatchResultSchema,
  ValueResultSchema,
} from '../schemas/predictions.ts';
import { batchSchema, type SessionBody, SessionSchema } from '../schemas/session.ts';

const ERRORS = {
  400: problemResponse('The body is not valid JSON'),
  413: problemResponse('The body is larger than BODY_LIMIT_BYTES'),
  415: problemResponse('The body is not sent as application/json'),
  422: problemResponse('The body breaks a rule of the schema (every field with its path and reason)'),
  503: problemResponse('No model of this task is loaded yet'),
} as const;

const predictionRoute = <B extends z.ZodType, R extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  body: B,
  result: R,
) =>
  createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Predictions'],
    summary,
    request: {
      body: {
        required: true,
        description: 'A session observed so far (or a batch of them)',
        content: { 'application/json': { schema: body } },
      },
    },
    responses: {
      200: { description: 'The prediction', content: { 'application/json': { schema: result } } },
      ...ERRORS,
    },
  });

/** The model of a task for this request, captured once (a reload during the request cannot swap it). */
function captureModel(c: Context<AppEnv>, models: ModelStore, task: Task): ServedModel {
  const model = models.get(task);
  if (!model) {
    throw new ApiError(
      503,
      'model-unavailable',
      'Model not loaded',
      `No ${task} model is loaded: models/${task}/production.json is missing or invalid (see the service log); ` +
        'train one with `npm run train`, then POST /admin/reload or wait for the watcher.',
    );
  }
  c.set('modelVersion', model.version);
  return model;
}

function churnAnswer(requestId: string, body: SessionBody, model: ServedModel, p: ChurnPrediction) {
  return {
    requestId,
    sessionId: body.sessionId ?? null,
    modelVersion: model.version,
    churnProbability: p.churnProbability,
    churn: p.churn,
    threshold: p.threshold,
    bias: p.bias,
    topContributions: p.topContributions,
  };
}

function valueAnswer(requestId: string, body: SessionBody, model: ServedModel, p: ValuePrediction) {
  return {
    requestId,
    sessionId: body.sessionId ?? null,
    modelVersion: model.version,
    revenueSoFarYuan: p.revenueSoFarYuan,
    expectedRemainingRevenueYuan: p.expectedRemainingRevenueYuan,
    expectedTotalRevenueYuan: p.expectedTotalRevenueYuan,
  };
}

function logRow(
  requestId: string,
  body: SessionBody,
  model: ServedModel,
  features: Float64Array,
  prediction: number,
  decision: 0 | 1 | null,
): PendingRow {
  return {
    requestId,
    clientSessionId: body.sessionId ?? null,
    task: model.task,
    modelVersion: model.version,
    featureVersion: model.featureVersion,
    features,
    prediction,
    decision,
    pageCount: (body.firstPageId ?? 0) + body.pages.length,
  };
}

/**
 * POST /churn, /session-value and their /batch forms. Batch answers give each session its own
 * request id (`<request id>.<index>`), which is also its log row and its key for POST /feedback.
 *
 * @example
 * app.predictionRoute('/', predictionRoutes({ models, batchMaxSessions: 100 }));
 */
export function predictionRoutes({
  models,
  batchMaxSessions,
}: {
  models: ModelStore;
  batchMaxSessions: number;
}) {
  const Batch = batchSchema(batchMaxSessions);
  const rowsOf = (c: Context<AppEnv>) => c.get('predictionRows') ?? [];
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook })
    .openapi(
      predictionRoute(
        '/churn',
        'predictChurn',
        'Churn probability after the current page',
        SessionSchema,
        ChurnResultSchema,
      ),
      (c) => {
        const model = captureModel(c, models, 'churn');
        const body = c.req.valid('json');
        const requestId = c.get('requestId');
        const p = predictChurn(model, body);
        rowsOf(c).push(logRow(requestId, body, model, p.features, p.churnProbability, p.churn ? 1 : 0));
        return c.json(churnAnswer(requestId, body, model, p), 200);
      },
    )
    .openapi(
      predictionRoute(
        '/churn/batch',
        'predictChurnBatch',
        `Churn of up to ${batchMaxSessions} sessions`,
        Batch,
        ChurnBatchResultSchema,
      ),
      (c) => {
        const model = captureModel(c, models, 'churn');
        const { sessions } = c.req.valid('json');
        const requestId = c.get('requestId');
        const results = sessions.map((body, i) => {
          const id = `${requestId}.${i}`;
          const p = predictChurn(model, body);
          rowsOf(c).push(logRow(id, body, model, p.features, p.churnProbability, p.churn ? 1 : 0));
          return churnAnswer(id, body, model, p);
        });
        return c.json({ requestId, modelVersion: model.version, results }, 200);
      },
    )
    .openapi(
      predictionRoute(
        '/session-value',
        'predictSessionValue',
        'Expected remaining and total session revenue',
        SessionSchema,
        ValueResultSchema,
      ),
      (c) => {
        const model = captureModel(c, models, 'session-value');
        const body = c.req.valid('json');
        const requestId = c.get('requestId');
        const p = predictValue(model, body);
        rowsOf(c).push(logRow(requestId, body, model, p.features, p.rawPrediction, null));
        return c.json(valueAnswer(requestId, body, model, p), 200);
      },
    )
    .openapi(
      predictionRoute(
        '/session-value/batch',
        'predictSessionValueBatch',
        `Session value of up to ${batchMaxSessions} sessions`,
        Batch,
        ValueBatchResultSchema,
      ),
      (c) => {
        const model = captureModel(c, models, 'session-value');
        const { sessions } = c.req.valid('json');
        const requestId = c.get('requestId');
        const results = sessions.map((body, i) => {
          const id = `${requestId}.${i}`;
          const p = predictValue(model, body);
          rowsOf(c).push(logRow(id, body, model, p.features, p.rawPrediction, null));
          return valueAnswer(id, body, model, p);
        });
        return c.json({ requestId, modelVersion: model.version, results }, 200);
      },
    );
}
