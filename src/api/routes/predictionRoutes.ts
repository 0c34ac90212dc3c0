import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppEnv } from '../appEnv.ts';
import type { ModelStore } from '../models/index.ts';
import { problemValidationHook } from '../problem.ts';
import {
  ChurnBatchResultSchema,
  ChurnResultSchema,
  ValueBatchResultSchema,
  ValueResultSchema,
} from '../schemas/predictions.ts';
import { batchSchema, type SessionBody, SessionSchema } from '../schemas/session.ts';
import { toObservedSession } from '../toObservedSession.ts';
import { captureModel, PREDICTION_ERRORS, scoreChurn, scoreValue } from './predictionHelpers.ts';

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
      ...PREDICTION_ERRORS,
    },
  });

const scored = (requestId: string, body: SessionBody) => ({
  requestId,
  sessionId: body.sessionId ?? null,
  session: toObservedSession(body),
});

/**
 * POST /churn, /session-value and their /batch forms. Batch answers give each session its own
 * request id (`<request id>.<index>`), which is also its log row and its key for POST /feedback.
 *
 * @example
 * app.route('/', predictionRoutes({ models, batchMaxSessions: 100 }));
 */
export function predictionRoutes({
  models,
  batchMaxSessions,
}: {
  models: ModelStore;
  batchMaxSessions: number;
}) {
  const Batch = batchSchema(batchMaxSessions);
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
        return c.json(scoreChurn(c, model, scored(c.get('requestId'), c.req.valid('json'))), 200);
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
        const requestId = c.get('requestId');
        const results = c.req
          .valid('json')
          .sessions.map((body, i) => scoreChurn(c, model, scored(`${requestId}.${i}`, body)));
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
        return c.json(scoreValue(c, model, scored(c.get('requestId'), c.req.valid('json'))), 200);
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
        const requestId = c.get('requestId');
        const results = c.req
          .valid('json')
          .sessions.map((body, i) => scoreValue(c, model, scored(`${requestId}.${i}`, body)));
        return c.json({ requestId, modelVersion: model.version, results }, 200);
      },
    );
}
