import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestLogSink } from '../monitoring/requestLog/index.ts';
import type { AppEnv } from './appEnv.ts';
import type { ModelStore } from './models/index.ts';

/** The Prometheus metrics of one app instance (its own registry: no global state between apps). */
export interface ServiceMetrics {
  registry: Registry;
  middleware: MiddlewareHandler<AppEnv>;
}

/** The route pattern that handles the request ('/churn'), or 'unmatched' (keeps label cardinality low). */
function routeLabel(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i].method !== 'ALL') return routes[i].path;
  }
  return 'unmatched';
}

/**
 * Request counter, duration histogram and in-flight gauge (labelled by route and, for predictions,
 * the model version that answered), plus served-model info, request-log queue gauges and Node's
 * default process metrics.
 *
 * @example
 * const metrics = createMetrics({ models, writer });
 * app.use('*', metrics.middleware);
 */
export function createMetrics({
  models,
  writer,
}: {
  models: ModelStore;
  writer: RequestLogSink;
}): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route, method, status and model version',
    labelNames: ['route', 'method', 'status', 'model_version'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer, by route, method, status and model version',
    labelNames: ['route', 'method', 'status', 'model_version'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const nonFinite = new Counter({
    name: 'model_non_finite_predictions_total',
    help: 'Predictions refused because the model scored a session as NaN or ±Infinity, by route and model version',
    labelNames: ['route', 'model_version'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests being answered right now, by route',
    labelNames: ['route'],
    registers: [registry],
  });
  new Gauge({
    name: 'model_info',
    help: 'The served model of each task (value 1), with its version and kind',
    labelNames: ['task', 'version', 'kind'],
    registers: [registry],
    // Under WORKERS=N every worker reports it: the cluster's answer is 1 per served version, not N.
    aggregator: 'max',
    collect() {
      this.reset();
      for (const m of models.served()) this.set({ task: m.task, version: m.version, kind: m.kind }, 1);
    },
  });
  new Gauge({
    name: 'request_log_queued_rows',
    help: 'Request-log rows waiting for their transaction',
    registers: [registry],
    collect() {
      this.set(writer.stats.queuedRows);
    },
  });
  new Gauge({
    name: 'request_log_dropped_rows',
    help: 'Request-log rows dropped because the database refused writes for too long',
    registers: [registry],
    collect() {
      this.set(writer.stats.droppedRows);
    },
  });

  const middleware: MiddlewareHandler<AppEnv> = async function metricsMiddleware(c, next) {
    const route = routeLabel(c);
    const method = c.req.method;
    inFlight.inc({ route });
    const endTimer = duration.startTimer();
    try {
      await next();
    } finally {
      inFlight.dec({ route });
      const labels = {
        route,
        method,
        status: String(c.res.status),
        model_version: c.get('modelVersion') ?? '',
      };
      endTimer(labels);
      requests.inc(labels);
      if (c.get('errorReason') === 'non-finite-prediction') {
        nonFinite.inc({ route, model_version: labels.model_version });
      }
    }
  };
  return { registry, middleware };
}
