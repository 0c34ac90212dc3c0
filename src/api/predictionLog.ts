import type { MiddlewareHandler } from 'hono';
import type { RequestLogSink, RequestRow } from '../monitoring/requestLog/index.ts';
import type { RegistryTask } from '../registry/index.ts';
import type { AppEnv } from './appEnv.ts';

/**
 * Log every prediction request to the request log (through the batched writer): one row per scored session,
 * or one row with the status and `error_reason` for a rejected request (validation, body limit,
 * missing model). Runs outside the body limit so 413s are logged too.
 *
 * @example
 * app.use('/churn', predictionLog({ writer, endpoint: '/churn', task: 'churn' }));
 */
export function predictionLog({
  writer,
  endpoint,
  task,
}: {
  writer: RequestLogSink;
  endpoint: string;
  /** The task the route serves: the task of its rejected-request rows. */
  task: RegistryTask;
}): MiddlewareHandler<AppEnv> {
  return async function predictionLogMiddleware(c, next) {
    const tsMs = Date.now();
    const startMs = performance.now();
    const rows: NonNullable<AppEnv['Variables']['predictionRows']> = [];
    c.set('predictionRows', rows);
    await next();
    const latencyMs = performance.now() - startMs;
    const status = c.res.status;
    if (rows.length > 0 && status < 400) {
      // The handler's rows are this request's own objects: complete them in place (no copy per row).
      for (const row of rows) {
        const complete = row as RequestRow;
        complete.tsMs = tsMs;
        complete.endpoint = endpoint;
        complete.latencyMs = latencyMs;
        complete.status = status;
        complete.errorReason = null;
        writer.write(complete);
      }
      return;
    }
    writer.write({
      tsMs,
      endpoint,
      requestId: c.get('requestId'),
      clientSessionId: null,
      task,
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
