import type { MiddlewareHandler } from 'hono';
import type { RequestLogWriter } from '../monitoring/requestLog/index.ts';
import type { AppEnv } from './appEnv.ts';

/**
 * Log every prediction request to SQLite (through the batched writer): one row per scored session,
 * or one row with the status and `error_reason` for a rejected request (validation, body limit,
 * missing model). Runs outside the body limit so 413s are logged too.
 *
 * @example
 * app.use('/churn', predictionLog({ writer, endpoint: '/churn' }));
 */
export function predictionLog({
  writer,
  endpoint,
}: {
  writer: RequestLogWriter;
  endpoint: string;
}): MiddlewareHandler<AppEnv> {
  return async function predictionLogMiddleware(c, next) {
    const tsMs = Date.now();
    const startNs = process.hrtime.bigint();
    const rows: NonNullable<AppEnv['Variables']['predictionRows']> = [];
    c.set('predictionRows', rows);
    await next();
    const latencyMs = Number(process.hrtime.bigint() - startNs) / 1e6;
    const status = c.res.status;
    if (rows.length > 0 && status < 400) {
      for (const row of rows) writer.write({ ...row, tsMs, endpoint, latencyMs, status, errorReason: null });
      return;
    }
    writer.write({
      tsMs,
      endpoint,
      requestId: c.get('requestId'),
      clientSessionId: null,
      task: endpoint.includes('churn') ? 'churn' : 'session-value',
      modelVersion: c.get('modelVersion') ?? null,
      featureVersion: null,
      features: null,
      prediction: null,
      decision: null,
      pageCount: null,
      latencyMs,
      status,
      errorReason: c.get('errorReason') ?? (status >= 500 ? 'internal-error' : `http-${status}`),
    });
  };
}
