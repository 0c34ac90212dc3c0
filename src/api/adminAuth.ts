import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './problem.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Bearer-token guard, compared in constant time (both sides hashed first, so even the length leaks
 * nothing). Without a configured token the guarded routes answer 503 with a problem saying how to
 * enable them, rather than being open. `variable` names the env var in those answers.
 *
 * @example
 * router.use('/feedback', bearerTokenAuth({ token: config.FEEDBACK_TOKEN, variable: 'FEEDBACK_TOKEN', what: 'Feedback' }));
 */
export function bearerTokenAuth({
  token,
  variable,
  what,
}: {
  token: string | undefined;
  variable: string;
  what: string;
}): MiddlewareHandler {
  const expected = token === undefined ? null : sha256(token);
  return async function bearerTokenAuthMiddleware(c, next) {
    if (expected === null) {
      throw new ApiError({
        status: 503,
        slug: `${what.toLowerCase()}-disabled`,
        title: `${what} endpoints are disabled`,
        detail:
          `No ${variable} is configured; start the service with ${variable}=<at least 16 characters> ` +
          `and send it as "Authorization: Bearer <token>".`,
      });
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !timingSafeEqual(sha256(match[1]), expected)) {
      c.header('WWW-Authenticate', `Bearer realm="retention-service ${what.toLowerCase()}"`);
      throw new ApiError({
        status: 401,
        slug: 'unauthorized',
        title: 'Unauthorized',
        detail: match
          ? `The bearer token is not the configured ${variable}.`
          : `Send the token as "Authorization: Bearer <${variable}>".`,
      });
    }
    await next();
  };
}

/**
 * The guard of admin and monitoring endpoints: {@link bearerTokenAuth} on ADMIN_TOKEN.
 *
 * @example
 * router.use('/admin/*', adminAuth({ token: config.ADMIN_TOKEN }));
 */
export function adminAuth({ token }: { token: string | undefined }): MiddlewareHandler {
  return bearerTokenAuth({ token, variable: 'ADMIN_TOKEN', what: 'Admin' });
}
