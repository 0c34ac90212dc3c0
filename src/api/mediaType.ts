import type { MiddlewareHandler } from 'hono';
import { ApiError } from './problem.ts';

/**
 * True when a Content-Type header names exactly `expected` (case-insensitive, parameters such as
 * `charset` allowed). Anchored on purpose: `application/jsonx` or `application/json-patch+json`
 * are other formats, not JSON bodies this API understands.
 *
 * @example
 * isMediaType('application/json; charset=utf-8', 'application/json'); // true
 * isMediaType('application/json-patch+json', 'application/json');    // false
 */
export function isMediaType(header: string | undefined, expected: string): boolean {
  if (header === undefined) return false;
  const semicolon = header.indexOf(';');
  const essence = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  return essence === expected;
}

/**
 * 415 unless a request that carries a body sends it as the media type its route takes: text/plain
 * for the raw-line endpoints (`…/lines`), application/json everywhere else. Checked before any
 * byte of the body is read, and for every route alike (zod-openapi's own check would accept any
 * `application/*+json`).
 *
 * @example
 * app.use('*', requireBodyMediaType());
 */
export function requireBodyMediaType(): MiddlewareHandler {
  return async function requireBodyMediaTypeMiddleware(c, next) {
    const length = c.req.header('content-length');
    const hasBody =
      c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
    if (!hasBody) return next();
    const expected = c.req.path.endsWith('/lines') ? 'text/plain' : 'application/json';
    const sent = c.req.header('content-type');
    if (!isMediaType(sent, expected)) {
      throw new ApiError({
        status: 415,
        slug: 'unsupported-media-type',
        title: 'Unsupported media type',
        detail: `${c.req.method} ${c.req.path} takes Content-Type: ${expected}${sent ? `, not ${sent}` : ' (none was sent)'}.`,
      });
    }
    return next();
  };
}
