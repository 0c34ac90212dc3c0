import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import { toObservedSession } from '../../session/index.ts';
import type { AppEnv } from '../appEnv.ts';
import type { ModelStore } from '../models/index.ts';
import { problemValidationHook } from '../problem.ts';
import { readJsonBody } from '../readJsonBody.ts';
import { readSessionBody } from '../readSessionBody.ts';
import {
  ChurnBatchResultSchema,
  ChurnResultSchema,
  IntervalQuerySchema,
  ValueBatchResultSchema,
  ValueResultSchema,
} from '../schemas/predictions.ts';
import { batchSchema, type SessionBody, SessionSchema } from '../schemas/session.ts';
import { passesSessionFastPath } from '../schemas/sessionFastPath.ts';
import {
  captureModel,
  intervalLevel,
  PREDICTION_ERRORS,
  scoreChurn,
  scoreValue,
} from './predictionHelpers.ts';

const predictionRoute = <B extends z.ZodType, R extends z.ZodType>({
  path,
  operationId,
  summary,
  description,
  body,
  result,
  query,
}: {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  body: B;
  result: R;
  query?: typeof IntervalQuerySchema;
}) =>
  createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Predictions'],
    summary,
    description,
    // Public: a shop backend calls it on every page; no token.
    security: [],
    request: {
      ...(query ? { query } : {}),
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
 * POST /churn, /session-value and their /batch forms. The routes are documented from their zod
 * schemas like every other route, but read their body themselves: a realistic session has ~130
 * items; single sessions go through `readSessionBody` (a byte parser straight into typed arrays) and
 * batches through `readJsonBody` (the allocation-free fast path); zod still writes every rejection. Batch answers give each session its own request id
 * (`<request id>.<index>`), which is also its log row and its key for POST /feedback.
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
  const passesBatchFastPath = (value: unknown): value is z.infer<typeof Batch> => {
    if (typeof value !== 'object' || value === null) return false;
    for (const key in value) if (key !== 'sessions') return false;
    const sessions = (value as { sessions?: unknown }).sessions;
    return (
      Array.isArray(sessions) &&
      sessions.length >= 1 &&
      sessions.length <= batchMaxSessions &&
      sessions.every(passesSessionFastPath)
    );
  };
  const router = new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook });
  const register = (...routes: ReturnType<typeof predictionRoute>[]) => {
    for (const route of routes) router.openAPIRegistry.registerPath(route);
  };
  const batchNote =
    `At most ${batchMaxSessions} sessions (BATCH_MAX_SESSIONS), and at most BODY_LIMIT_BYTES in all ` +
    '(1 MiB by default: about 19 sessions of 12 full pages, so long sessions hit the byte limit first, 413). ' +
    'Each result has its own request id `<requestId>.<index>`, its log row and feedback key.';
  register(
    predictionRoute({
      path: '/churn',
      operationId: 'predictChurn',
      summary: 'Churn probability after the current page',
      description:
        "The probability that the shopper leaves after the last page sent, the decision at the model's " +
        'threshold, and the five features that pushed the score most (log-odds contributions).',
      body: SessionSchema,
      result: ChurnResultSchema,
    }),
    predictionRoute({
      path: '/churn/batch',
      operationId: 'predictChurnBatch',
      summary: `Churn of up to ${batchMaxSessions} sessions`,
      description: `The /churn answer for each session of the batch, in order. ${batchNote}`,
      body: Batch,
      result: ChurnBatchResultSchema,
    }),
    predictionRoute({
      path: '/session-value',
      operationId: 'predictSessionValue',
      summary: 'Expected remaining and total session revenue, with a prediction interval',
      description:
        'Revenue of the pages sent, the revenue the rest of the session is expected to bring (never negative) ' +
        'and their sum, in yuan, with a prediction interval of the remaining revenue.',
      body: SessionSchema,
      result: ValueResultSchema,
      query: IntervalQuerySchema,
    }),
    predictionRoute({
      path: '/session-value/batch',
      operationId: 'predictSessionValueBatch',
      summary: `Session value of up to ${batchMaxSessions} sessions`,
      description: `The /session-value answer for each session of the batch, in order. ${batchNote}`,
      body: Batch,
      result: ValueBatchResultSchema,
      query: IntervalQuerySchema,
    }),
  );
  return router
    .post('/churn', async (c) => {
      const { sessionId, session } = await readSessionBody(c);
      const model = captureModel(c, models, 'churn');
      return c.json(scoreChurn(c, model, { requestId: c.get('requestId'), sessionId, session }), 200);
    })
    .post('/churn/batch', async (c) => {
      const { sessions } = await readJsonBody(c, Batch, passesBatchFastPath);
      const model = captureModel(c, models, 'churn');
      const requestId = c.get('requestId');
      const results = sessions.map((body, i) => scoreChurn(c, model, scored(`${requestId}.${i}`, body)));
      return c.json({ requestId, modelVersion: model.version, results }, 200);
    })
    .post('/session-value', async (c) => {
      const level = intervalLevel(c);
      const { sessionId, session } = await readSessionBody(c);
      const model = captureModel(c, models, 'session-value');
      return c.json(scoreValue(c, model, { requestId: c.get('requestId'), sessionId, session }, level), 200);
    })
    .post('/session-value/batch', async (c) => {
      const level = intervalLevel(c);
      const { sessions } = await readJsonBody(c, Batch, passesBatchFastPath);
      const model = captureModel(c, models, 'session-value');
      const requestId = c.get('requestId');
      const results = sessions.map((body, i) =>
        scoreValue(c, model, scored(`${requestId}.${i}`, body), level),
      );
      return c.json({ requestId, modelVersion: model.version, results }, 200);
    });
}
