import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../appEnv.ts';
import { linesToSession } from '../linesToSession.ts';
import type { ModelStore } from '../models/index.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';
import { LinesBodySchema, LinesQuerySchema } from '../schemas/lines.ts';
import { ChurnResultSchema, IntervalQuerySchema, ValueResultSchema } from '../schemas/predictions.ts';
import {
  captureModel,
  intervalLevel,
  PREDICTION_ERRORS,
  scoreChurn,
  scoreValue,
} from './predictionHelpers.ts';

const lineRoute = <R extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  result: R,
  query: z.ZodObject = LinesQuerySchema,
) =>
  createRoute({
    method: 'post',
    path,
    operationId,
    tags: ['Predictions'],
    summary,
    description:
      "The session as raw lines of the behaviour log (the dataset's 15-column format, one line per page in " +
      'page order, the last line the current page), parsed by the training pipeline and scored exactly like ' +
      'the JSON form. A bad line is a 422 naming its line number.',
    security: [],
    request: {
      query: query as typeof LinesQuerySchema,
      body: { required: true, content: { 'text/plain': { schema: LinesBodySchema } } },
    },
    responses: {
      200: { description: 'The prediction', content: { 'application/json': { schema: result } } },
      ...PREDICTION_ERRORS,
      400: problemResponse('The body is not valid UTF-8 text'),
      415: problemResponse('The body is not sent as text/plain'),
    },
  });

/**
 * POST /churn/lines and /session-value/lines: the same predictions for log-replay clients that hold
 * raw lines of the dataset; parsed by the data pipeline's parser, scored by the same features.
 *
 * @example
 * app.route('/', lineRoutes({ models }));
 */
export function lineRoutes({ models }: { models: ModelStore }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook })
    .openapi(
      lineRoute('/churn/lines', 'predictChurnFromLines', 'Churn from raw log lines', ChurnResultSchema),
      async (c) => {
        const model = captureModel(c, models, 'churn');
        const session = linesToSession(await readUtf8Body(c));
        const sessionId = c.req.valid('query').sessionId ?? null;
        return c.json(scoreChurn(c, model, { requestId: c.get('requestId'), sessionId, session }), 200);
      },
    )
    .openapi(
      lineRoute(
        '/session-value/lines',
        'predictSessionValueFromLines',
        'Session value from raw log lines',
        ValueResultSchema,
        LinesQuerySchema.extend(IntervalQuerySchema.shape),
      ),
      async (c) => {
        const level = intervalLevel(c);
        const model = captureModel(c, models, 'session-value');
        const session = linesToSession(await readUtf8Body(c));
        const sessionId = c.req.valid('query').sessionId ?? null;
        return c.json(
          scoreValue(c, model, { requestId: c.get('requestId'), sessionId, session }, level),
          200,
        );
      },
    );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; bytes that are not UTF-8 are a 400, never silently replaced by U+FFFD. */
async function readUtf8Body(c: Context): Promise<string> {
  try {
    return UTF8.decode(await c.req.arrayBuffer());
  } catch {
    throw new ApiError({
      status: 400,
      slug: 'malformed-request',
      title: 'Malformed request',
      detail:
        'The body is not valid UTF-8 text; send the log lines as Content-Type: text/plain; charset=utf-8.',
    });
  }
}
