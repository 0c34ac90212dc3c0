import { z } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field-level reason of a validation problem. */
export const ProblemFieldErrorSchema = z.object({
  path: z.string().openapi({ example: 'pages[0].items[3].ctr' }),
  message: z.string().openapi({ example: 'Too big: expected number to be <=1' }),
});

/** RFC 9457 problem details, the body of every error answer of the service. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation-error' }),
    title: z.string().openapi({ example: 'Request body is invalid' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z
      .string()
      .openapi({ example: '1 field is invalid: pages[0].items[3].ctr: Too big: expected number to be <=1' }),
    instance: z.string().openapi({ example: '/churn' }),
    requestId: z.string().optional().openapi({ example: '5b0ac4a9-25f2-4a8d-9c51-6f1d2a8c0e11' }),
    errors: z.array(ProblemFieldErrorSchema).optional(),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

/** The OpenAPI response entry of a problem answer: `responses: { 422: problemResponse('…') }`. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };
}

/** What a problem answer says: status, `/problems/<slug>`, title, detail, field errors. */
export interface ApiErrorOptions {
  status: ContentfulStatusCode;
  /** Becomes the problem `type` (`/problems/<slug>`, documented in docs/api.md). */
  slug: string;
  title: string;
  detail: string;
  errors?: { path: string; message: string }[];
  /** A finer `error_reason` for the request log (default: the slug). */
  reason?: string;
}

/**
 * A domain error with everything its problem answer needs. `slug` becomes the problem `type` and,
 * unless `reason` is finer, the request log's `error_reason`.
 *
 * @example
 * throw new ApiError({ status: 503, slug: 'model-unavailable', title: 'Model not loaded', detail: 'No churn model is loaded yet.' });
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: { path: string; message: string }[];
  readonly reason: string;

  constructor({ status, slug, title, detail, errors, reason = slug }: ApiErrorOptions) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
    this.reason = reason;
  }
}

/** `pages[0].items[3].ctr` from zod's `['pages', 0, 'items', 3, 'ctr']`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

const TARGET_NAMES: Record<string, string> = { json: 'Request body', query: 'Query string', param: 'Path' };

/** The ApiError of a failed zod validation: every issue with its path, capped to keep answers small. */
export function validationError(error: ZodError, target = 'json'): ApiError {
  const issues = error.issues.slice(0, 50);
  const errors = issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  const count = error.issues.length;
  const first = errors[0];
  const detail =
    `${count} field${count === 1 ? ' is' : 's are'} invalid` +
    (first ? `: ${first.path}: ${first.message}` : '') +
    (count > 1 ? ` (and ${count - 1} more, see errors)` : '');
  // Indexes dropped so the log can count rejections per field: "invalid:pages.items.ctr".
  const reason = `invalid:${first ? first.path.replace(/\[\d+\]/g, '') : 'body'}`;
  return new ApiError({
    status: 422,
    slug: 'validation-error',
    title: `${TARGET_NAMES[target] ?? 'Request'} is invalid`,
    detail,
    errors,
    reason,
  });
}

/**
 * The ONE `defaultHook` of every router: a failed validation throws an {@link ApiError}, which
 * `app.onError` turns into a problem answer (so rejections are logged like every other error).
 *
 * @example
 * const router = new OpenAPIHono({ defaultHook: problemValidationHook });
 */
export function problemValidationHook(result: { success: boolean; target: string; error?: ZodError }): void {
  if (!result.success && result.error) throw validationError(result.error, result.target);
}

const HTTP_SLUGS: Record<number, [string, string]> = {
  400: ['malformed-request', 'Malformed request'],
  401: ['unauthorized', 'Unauthorized'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  413: ['body-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
};

/** Map any thrown value to an ApiError; unknown errors become a 500 with no internals in it. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    const [slug, title] = HTTP_SLUGS[error.status] ?? ['http-error', 'Request failed'];
    const detail =
      error.status === 400 && /json/i.test(error.message)
        ? 'The request body is not valid JSON; send a JSON document with Content-Type: application/json.'
        : error.status === 415
          ? 'Send the body as JSON with the header Content-Type: application/json.'
          : error.message || title;
    return new ApiError({ status: error.status as ContentfulStatusCode, slug, title, detail });
  }
  if (error instanceof Error && error.name === 'FeatureInputError') {
    // The schema checks everything the features need; this is the feature function's own guard.
    return new ApiError({
      status: 422,
      slug: 'invalid-session',
      title: 'Session is invalid',
      detail: error.message,
    });
  }
  return new ApiError({
    status: 500,
    slug: 'internal-error',
    title: 'Internal server error',
    detail: 'The service failed to answer; the error is logged with this request id.',
  });
}

/**
 * Write an ApiError as an `application/problem+json` answer. Also records the error's reason in the
 * context (`errorReason`) for the request log.
 */
export function problemJson<E extends Env>(c: Context<E>, error: ApiError): Response {
  const body: Problem = {
    type: `/problems/${error.slug}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: c.req.path,
  };
  const requestId = c.get('requestId' as never) as string | undefined;
  if (requestId) body.requestId = requestId;
  if (error.errors) body.errors = error.errors;
  c.set('errorReason' as never, error.reason as never);
  // c.body keeps headers set earlier in the chain (X-Request-Id, WWW-Authenticate).
  return c.body(JSON.stringify(body), error.status, { 'content-type': PROBLEM_CONTENT_TYPE });
}
