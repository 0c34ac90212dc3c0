import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type Database from 'better-sqlite3';
import { DEFAULT_THRESHOLDS, type MonitoringThresholds } from '../../monitoring/config.ts';
import { driftReport } from '../../monitoring/driftReport.ts';
import { opsReport } from '../../monitoring/opsReport.ts';
import { performanceReport } from '../../monitoring/performanceReport.ts';
import { qualityReport } from '../../monitoring/qualityReport.ts';
import type { ServedModel } from '../../monitoring/servedModel.ts';
import { resolveTimeWindow } from '../../monitoring/timeWindow.ts';
import { adminAuth } from '../adminAuth.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';
import { ADMIN_SECURITY } from '../routes/adminRoutes.ts';
import {
  DriftResponseSchema,
  MonitoringQuerySchema,
  OpsResponseSchema,
  PerformanceResponseSchema,
  QualityResponseSchema,
} from './schemas.ts';

/** What the monitoring router needs from the app. */
export interface MonitoringDeps {
  db: Database.Database;
  /** The models served right now (re-read on every request, so a hot reload is seen at once). */
  servedModels: () => ServedModel[];
  adminToken: string | undefined;
  /** Default: DEFAULT_THRESHOLDS (the app may pass `loadThresholds('config/monitoring.json')`). */
  thresholds?: MonitoringThresholds;
  /** Clock, for tests. */
  nowMs?: () => number;
}

const monitoringRoute = (
  path: string,
  summary: string,
  schema: z.ZodType,
  auth: ReturnType<typeof adminAuth>,
) =>
  createRoute({
    method: 'get',
    path,
    operationId: `monitoring${path.slice('/monitoring/'.length).replace(/^./, (c) => c.toUpperCase())}`,
    tags: ['Monitoring'],
    summary,
    security: ADMIN_SECURITY,
    middleware: [auth] as const,
    request: { query: MonitoringQuerySchema },
    responses: {
      200: {
        description: 'The report (alerts lists every threshold crossed)',
        content: { 'application/json': { schema } },
      },
      401: problemResponse('Missing or wrong bearer token'),
      422: problemResponse('since/window are not durations, or make too many buckets'),
      503: problemResponse('ADMIN_TOKEN is not configured'),
    },
  });

/**
 * The JSON monitoring endpoints (`/monitoring/drift|quality|ops|performance`, admin token) — the
 * dashboard routes are added by `createMonitoringRouter`.
 *
 * @example
 * app.route('/', monitoringRoutes({ db, servedModels: () => store.monitoringModels(), adminToken }));
 */
export function monitoringRoutes(deps: MonitoringDeps) {
  const { db, servedModels, adminToken, thresholds = DEFAULT_THRESHOLDS, nowMs = Date.now } = deps;
  const auth = adminAuth({ token: adminToken });
  const context = (query: z.infer<typeof MonitoringQuerySchema>) => {
    let window: ReturnType<typeof resolveTimeWindow>;
    try {
      window = resolveTimeWindow({ since: query.since, window: query.window, nowMs: nowMs() });
    } catch (error) {
      throw new ApiError(422, 'validation-error', 'Query string is invalid', (error as Error).message, [
        { path: 'window', message: (error as Error).message },
      ]);
    }
    const models = servedModels().filter((m) => !query.task || m.task === query.task);
    const envelope = {
      generatedAt: new Date(nowMs()).toISOString(),
      fromMs: window.fromMs,
      toMs: window.toMs,
      bucketMs: window.bucketMs,
      thresholds,
    };
    return { window, models, envelope };
  };

  return new OpenAPIHono({ defaultHook: problemValidationHook })
    .openapi(
      monitoringRoute(
        '/monitoring/drift',
        'Data and prediction drift against the training reference',
        DriftResponseSchema,
        auth,
      ),
      (c) => {
        const { window, models, envelope } = context(c.req.valid('query'));
        const reports = models.map((m) => driftReport(db, m, window, thresholds));
        return c.json({ ...envelope, alerts: reports.flatMap((r) => r.alerts), reports }, 200);
      },
    )
    .openapi(
      monitoringRoute(
        '/monitoring/quality',
        'Rejected requests, missing and out-of-range values',
        QualityResponseSchema,
        auth,
      ),
      (c) => {
        const { window, models, envelope } = context(c.req.valid('query'));
        const { fromMs: _from, toMs: _to, ...report } = qualityReport(db, models, window, thresholds);
        return c.json({ ...envelope, ...report }, 200);
      },
    )
    .openapi(
      monitoringRoute('/monitoring/ops', 'Volume, errors and latency percentiles', OpsResponseSchema, auth),
      (c) => {
        const { window, envelope } = context(c.req.valid('query'));
        const { fromMs: _from, toMs: _to, bucketMs: _bucket, ...report } = opsReport(db, window, thresholds);
        return c.json({ ...envelope, ...report }, 200);
      },
    )
    .openapi(
      monitoringRoute(
        '/monitoring/performance',
        'Live ROC AUC, Brier, F1 / RMSE, MAE, calibration from feedback',
        PerformanceResponseSchema,
        auth,
      ),
      (c) => {
        const { window, models, envelope } = context(c.req.valid('query'));
        const reports = models.map((m) => performanceReport(db, m, window, thresholds));
        return c.json({ ...envelope, alerts: reports.flatMap((r) => r.alerts), reports }, 200);
      },
    );
}
