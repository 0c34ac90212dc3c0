import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './problem.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Bearer-token guard of admin and monitoring endpoints. The token is compared in constant time
 * (both sides hashed first, so even the length leaks nothing). Without a configured token the
 * guarded routes answer 503 with a problem saying how to enable them, rather than being open.
 *
 * @example
 * router.use('/admin/*', adminAuth({ token: config.ADMIN_TOKEN }));
 */
export function adminAuth({ token }: { token: string | undefined }): MiddlewareHandler {
  const expected = token === undefined ? null : sha256(token);
  return async function adminAuthMiddleware(c, next) {
    if (expected === null) {
      throw new ApiError({
        status: 503,
        slug: 'admin-disabled',
        title: 'Admin endpoints are disabled',
        detail:
          'No ADMIN_TOKEN is configured; start the service with ADMIN_TOKEN=<at least 16 characters> ' +
          'and send it as "Authorization: Bearer <token>".',
      });
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !timingSafeEqual(sha256(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="retention-service admin"');
      throw new ApiError({
        status: 401,
        slug: 'unauthorized',
        title: 'Unauthorized',
        detail: match
          ? 'The bearer token is not the configured ADMIN_TOKEN.'
          : 'Send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".',
      });
    }
    await next();
  };
}
