import { OpenAPIHono } from '@hono/zod-openapi';
import type Database from 'better-sqlite3';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { MonitoringThresholds } from '../monitoring/config.ts';
import { ReportRunner } from '../monitoring/reportRunner.ts';
import {
  type RequestLogSink,
  type RequestStore,
  sqliteRequestStore,
} from '../monitoring/requestLog/index.ts';
import { CUSTOMER_TASK, type RegistryTask } from '../registry/index.ts';
import { allowedMethods } from './allowedMethods.ts';
import type { AppEnv } from './appEnv.ts';
import { bodyLimitByLength } from './bodyLimitByLength.ts';
import { clusterMetricsExposition } from './clusterMetrics.ts';
import type { Config } from './config.ts';
import { requireBodyMediaType } from './mediaType.ts';
import { createMetrics } from './metrics.ts';
import type { ModelStore } from './models/index.ts';
import { createMonitoringRouter } from './monitoring/index.ts';
import { registerOpenApiDocument } from './openApiDocument.ts';
import { predictionLog } from './predictionLog.ts';
import { ApiError, problemJson, problemValidationHook, toApiError } from './problem.ts';
import { adminRoutes } from './routes/adminRoutes.ts';
import { customerRoutes } from './routes/customerRoutes.ts';
import { docsRoutes } from './routes/docsRoutes.ts';
import { feedbackRoutes } from './routes/feedbackRoutes.ts';
import { lineRoutes } from './routes/lineRoutes.ts';
import { opsRoutes } from './routes/opsRoutes.ts';
import { policyRoutes } from './routes/policyRoutes.ts';
import { predictionRoutes } from './routes/predictionRoutes.ts';
import { throttle } from './throttle.ts';
import { timeOrderedId } from './timeOrderedId.ts';

/** At most one "flush failed" error line this often; the lines in between are counted in the next. */
const FLUSH_ERROR_LOG_INTERVAL_MS = 10_000;

/** The prediction endpoints and the task each serves: logged to the request log, one row per scored session. */
export const PREDICTION_ENDPOINTS = [
  { endpoint: '/churn', task: 'churn' },
  { endpoint: '/churn/batch', task: 'churn' },
  { endpoint: '/churn/lines', task: 'churn' },
  { endpoint: '/session-value', task: 'session-value' },
  { endpoint: '/session-value/batch', task: 'session-value' },
  { endpoint: '/session-value/lines', task: 'session-value' },
  { endpoint: '/customers/value', task: 'customer-value' },
  { endpoint: '/customers/value/batch', task: 'customer-value' },
] as const satisfies readonly { endpoint: string; task: RegistryTask }[];

export interface CreateAppOptions {
  config: Config;
  /**
   * The request log: an open SQLite database (see openRequestLog; the app adds its writer thread),
   * or a RequestStore (the PostgreSQL one of openPostgresStore). Exactly one of the two.
   */
  db?: Database.Database;
  store?: RequestStore;
  /** The served models (loaded or not: /readyz tells). */
  models: ModelStore;
  logger: Logger;
  /** Alert thresholds of the monitoring endpoints (default: the monitoring defaults). */
  monitoringThresholds?: MonitoringThresholds;
  /** Computes the monitoring reports (default: a ReportRunner over the request log, off the event loop). */
  reports?: ReportRunner;
  /**
   * What `/metrics` reports: this process ('process', the default) or, in a `WORKERS=N` worker, every
   * worker summed by the cluster primary ('cluster'; see clusterMetrics.ts).
   */
  metricsScope?: 'process' | 'cluster';
}

export interface ServiceApp {
  app: OpenAPIHono<AppEnv>;
  /** The batched request-log writer; `close()` flushes it. */
  requestLog: RequestLogSink;
  /** The request log behind it (SQLite or PostgreSQL). */
  store: RequestStore;
  /** The app's own Prometheus registry. */
  metrics: Registry;
  /** The monitoring report thread; `close()` ends it and answers its pending reports with 503. */
  reports: ReportRunner;
  /**
   * End the report thread, flush the request log and stop its timer (after the HTTP server stopped).
   * SQLite: done when it returns; PostgreSQL: when the promise resolves (the pool closed too).
   */
  close(): Promise<void>;
}

// Swagger UI sets inline styles and loads its images as data: URLs; everything else is same-origin.
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
};

/**
 * Build the service: every route, the request log, metrics, docs and error handling, with no
 * module state (tests build as many apps as they like, each with its own SQLite file and models).
 *
 * @example
 * const { app, close } = createApp({ config: loadConfig(), db, models, logger });
 * await app.request('/healthz');
 */
export function createApp({
  config,
  db,
  store: givenStore,
  models,
  logger,
  monitoringThresholds,
  reports: givenReports,
  metricsScope = 'process',
}: CreateAppOptions): ServiceApp {
  if ((db === undefined) === (givenStore === undefined)) {
    throw new TypeError('createApp: pass exactly one of db (SQLite) and store.');
  }
  const store =
    givenStore ??
    sqliteRequestStore(db as Database.Database, {
      flushIntervalMs: config.LOG_FLUSH_INTERVAL_MS,
      // A full disk fails every flush (20 a second): one line per FLUSH_ERROR_LOG_INTERVAL_MS.
      onFlushError: throttle(FLUSH_ERROR_LOG_INTERVAL_MS, (suppressed, error: Error, queuedRows: number) =>
        logger.error(
          { err: error.message, queuedRows, suppressed },
          'request log flush failed; rows kept for retry',
        ),
      ),
    });
  const reports = givenReports ?? new ReportRunner(db ?? store.reportDatabase);
  const writer = store.writer;
  const metrics = createMetrics({ models, writer });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook });

  // Time-ordered ids: the request log's request_id index grows at its end (see timeOrderedId).
  app.use('*', requestId({ generator: () => timeOrderedId() }));
  app.use('*', async function requestLogger(c, next) {
    const child = logger.child({ requestId: c.get('requestId') });
    c.set('logger', child);
    const startMs = performance.now();
    await next();
    child.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        latencyMs: performance.now() - startMs,
      },
      'request',
    );
  });
  app.use('*', metrics.middleware);
  app.use('*', secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  for (const { endpoint, task } of PREDICTION_ENDPOINTS)
    app.use(endpoint, predictionLog({ writer, endpoint, task }));
  app.use('*', bodyLimitByLength({ maxSize: config.BODY_LIMIT_BYTES }));
  app.use('*', requireBodyMediaType());

  const registry = metrics.registry;
  const exposition =
    metricsScope === 'cluster' ? clusterMetricsExposition(registry) : () => registry.metrics();
  app.route('/', opsRoutes({ store, models, contentType: registry.contentType, exposition }));
  app.route('/', predictionRoutes({ models, batchMaxSessions: config.BATCH_MAX_SESSIONS }));
  app.route('/', lineRoutes({ models }));
  app.route('/', customerRoutes({ models, batchMaxCustomers: config.BATCH_MAX_CUSTOMERS }));
  app.route('/', feedbackRoutes({ store, feedbackToken: config.FEEDBACK_TOKEN }));
  app.route('/', adminRoutes({ models, adminToken: config.ADMIN_TOKEN }));
  app.route('/', policyRoutes());
  app.route(
    '/',
    createMonitoringRouter({
      reports,
      // Re-read per request: monitoring sees a hot-reloaded model at once.
      servedModels: () => models.served(),
      customerModel: () => models.get(CUSTOMER_TASK),
      adminToken: config.ADMIN_TOKEN,
      thresholds: monitoringThresholds,
    }),
  );
  app.route('/', docsRoutes());
  registerOpenApiDocument(app);

  app.notFound((c) => {
    const allowed = allowedMethods(app.routes, c.req.path);
    // A route that matched the method and then found nothing (an unknown asset name) is a 404, not a 405.
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header('allow', allowed.join(', '));
      return problemJson(
        c,
        new ApiError({
          status: 405,
          slug: 'method-not-allowed',
          title: 'Method not allowed',
          detail: `${c.req.path} answers ${allowed.join(', ')}, not ${c.req.method}; see /docs.`,
        }),
      );
    }
    return problemJson(
      c,
      new ApiError({
        status: 404,
        slug: 'not-found',
        title: 'Not found',
        detail: `No route ${c.req.method} ${c.req.path}; the API is listed at /docs.`,
      }),
    );
  });
  app.onError((error, c) => {
    const apiError = toApiError(error);
    const log = c.get('logger') ?? logger;
    if (apiError.status >= 500 && apiError.slug === 'internal-error') {
      log.error({ err: error }, 'unhandled error');
    } else if (apiError.status === 500) {
      // A known server-side failure (e.g. a model's non-finite score): the operator must see it.
      log.error({ status: apiError.status, reason: apiError.reason }, apiError.detail);
    } else {
      log.debug({ status: apiError.status, reason: apiError.reason }, apiError.detail);
    }
    return problemJson(c, apiError);
  });

  return {
    app,
    requestLog: writer,
    store,
    metrics: metrics.registry,
    reports,
    close() {
      void reports.close();
      return store.close();
    },
  };
}
