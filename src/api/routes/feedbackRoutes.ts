import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { RequestStore } from '../../monitoring/requestLog/index.ts';
import { bearerTokenAuth } from '../adminAuth.ts';
import type { AppEnv } from '../appEnv.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';

/** How long a client should wait before re-sending an outcome the log could not store. */
const FEEDBACK_RETRY_AFTER_SECONDS = 5;

const FeedbackSchema = z
  .strictObject({
    requestId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'The requestId a prediction returned' }),
    sessionId: z.string().min(1).max(128).optional().openapi({ description: "Or the client's sessionId…" }),
    pageCount: z.number().int().min(1).max(12).optional().openapi({
      description: '…with the number of pages observed when it was scored (the outcome refers to that page)',
    }),
    churned: z.boolean().optional().openapi({ description: 'Did the session end after that page?' }),
    realisedRevenueYuan: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .openapi({ description: 'Revenue the session brought after that page, yuan' }),
  })
  .refine((f) => (f.requestId === undefined) !== (f.sessionId === undefined), {
    message: 'send exactly one of requestId or sessionId',
    path: ['requestId'],
  })
  .refine((f) => f.requestId === undefined || f.pageCount === undefined, {
    message: 'pageCount goes with sessionId; a requestId already names one prediction',
    path: ['pageCount'],
  })
  .refine((f) => f.churned !== undefined || f.realisedRevenueYuan !== undefined, {
    message: 'send at least one outcome: churned or realisedRevenueYuan',
    path: ['churned'],
  })
  .openapi('Feedback', {
    description:
      'Exactly one of requestId or sessionId; pageCount only with sessionId; at least one outcome (churned, realisedRevenueYuan).',
    // The refinements above, as JSON Schema, so a consumer's validator knows them too.
    oneOf: [{ required: ['requestId'] }, { required: ['sessionId'] }],
    // JSON Schema 2020-12 (OpenAPI 3.1) has it; the metadata type of zod-openapi does not list it.
    ...({ dependentRequired: { pageCount: ['sessionId'] } } as object),
    anyOf: [{ required: ['churned'] }, { required: ['realisedRevenueYuan'] }],
    example: { sessionId: 'web-7f3a9c', pageCount: 2, churned: true, realisedRevenueYuan: 0 },
  });

const FeedbackReceiptSchema = z
  .object({
    feedbackId: z.number().int(),
    matchedPredictions: z.number().int().openapi({
      description:
        'Logged predictions this outcome matches now, counted up to 1000 (0 is accepted: the log may lag by a flush)',
    }),
  })
  .openapi('FeedbackReceipt', { example: { feedbackId: 17, matchedPredictions: 1 } });

/**
 * POST /feedback: record a true outcome for performance monitoring, by request id or by client
 * session id (+ page count).
 *
 * @example
 * app.route('/', feedbackRoutes({ store }));
 */
export function feedbackRoutes({
  store,
  feedbackToken,
}: {
  store: RequestStore;
  feedbackToken: string | undefined;
}) {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook }).openapi(
    createRoute({
      method: 'post',
      path: '/feedback',
      security: [{ feedbackToken: [] }],
      middleware: [
        bearerTokenAuth({ token: feedbackToken, variable: 'FEEDBACK_TOKEN', what: 'Feedback' }),
      ] as const,
      operationId: 'recordFeedback',
      tags: ['Feedback'],
      summary: 'Record the true outcome of a scored session page',
      description:
        'The outcome of one prediction (by requestId) or of a client session at a page (sessionId + pageCount), ' +
        'joined to the logged predictions for live performance monitoring. The answer counts the matches now.',
      request: {
        body: { required: true, content: { 'application/json': { schema: FeedbackSchema } } },
      },
      responses: {
        201: { description: 'Recorded', content: { 'application/json': { schema: FeedbackReceiptSchema } } },
        400: problemResponse('The body is not valid JSON'),
        413: problemResponse('The body is larger than BODY_LIMIT_BYTES'),
        415: problemResponse('The body is not sent as application/json'),
        401: problemResponse('Missing or wrong FEEDBACK_TOKEN bearer token'),
        422: problemResponse('The body breaks a rule of the schema'),
        503: problemResponse(
          'FEEDBACK_TOKEN is not configured, or the request log cannot store the outcome now (disk full, read-only): retry after Retry-After seconds',
        ),
      },
    }),
    async (c) => {
      const f = c.req.valid('json');
      let receipt: { id: number; matchedPredictions: number };
      try {
        receipt = await store.recordFeedback({
          requestId: f.requestId,
          clientSessionId: f.sessionId,
          pageCount: f.pageCount,
          churned: f.churned === undefined ? undefined : f.churned ? 1 : 0,
          realisedRevenueYuan: f.realisedRevenueYuan,
        });
      } catch (error) {
        // Nothing was stored: the client keeps the outcome and sends it again later.
        c.header('Retry-After', String(FEEDBACK_RETRY_AFTER_SECONDS));
        throw new ApiError({
          status: 503,
          slug: 'request-log-unavailable',
          title: 'The outcome could not be stored',
          detail: `The request log refused the write (${(error as Error).message}); nothing was stored, send it again after ${FEEDBACK_RETRY_AFTER_SECONDS} s.`,
        });
      }
      return c.json({ feedbackId: receipt.id, matchedPredictions: receipt.matchedPredictions }, 201);
    },
  );
}
