import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './problem.ts';

/**
 * Body limit that decides from the Content-Length header alone when there is one (no Request
 * object is built and no byte is read, so handlers can read the body straight from the socket);
 * other bodies (chunked, no length) go through hono's bodyLimit, which counts bytes as they stream.
 *
 * @example
 * app.use('*', bodyLimitByLength({ maxSize: 1_048_576 }));
 */
export function bodyLimitByLength({ maxSize }: { maxSize: number }): MiddlewareHandler {
  const tooLarge = (c: Context): never => {
    // Only a batch can be split; any other body over the limit is simply too large.
    const advice = c.req.path.endsWith('/batch') ? '; send fewer sessions per batch' : '';
    throw new ApiError({
      status: 413,
      slug: 'body-too-large',
      title: 'Request body too large',
      detail: `The body of ${c.req.method} ${c.req.path} exceeds BODY_LIMIT_BYTES (${maxSize} bytes)${advice}.`,
    });
  };
  const streaming = bodyLimit({ maxSize, onError: tooLarge });
  return async function bodyLimitByLengthMiddleware(c, next) {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxSize) tooLarge(c);
      return next();
    }
    // GET/HEAD carry no body; anything else without a Content-Length (chunked, HTTP/2 streams,
    // in-process requests) is counted as it streams.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return streaming(c, next);
  };
}
