import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { ReportArgs, ReportKind, ReportOfKind } from '../../monitoring/computeReport.ts';
import { DEFAULT_THRESHOLDS, type MonitoringThresholds } from '../../monitoring/config.ts';
import { type ReportRunner, ReportUnavailableError } from '../../monitoring/reportRunner.ts';
import { resolveTimeWindow } from '../../monitoring/timeWindow.ts';
import type { ServedCustomerModel, ServedModelData } from '../../registry/servedModel.ts';
import { adminAuth } from '../adminAuth.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';
import { ADMIN_SECURITY } from '../routes/adminRoutes.ts';
import {
  CustomersResponseSchema,
  DriftResponseSchema,
  MonitoringQuerySchema,
  OpsResponseSchema,
  PerformanceResponseSchema,
  QualityResponseSchema,
} from './schemas.ts';

/** What the monitoring router needs from the app. */
export interface MonitoringDeps {
  /** Computes the reports off the event loop (see ReportRunner); the app closes it at shutdown. */
  reports: ReportRunner;
  /** The models served right now (re-read on every request, so a hot reload is seen at once). */
  servedModels: () => ServedModelData[];
  /**
   * The served customer-value model, when there is one: its drift report covers the customer
   * features and CLV, and /monitoring/segments shows its stored segments and cohorts.
   */
  customerModel?: () => ServedCustomerModel | undefined;
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
    description: `${summary}, computed from the request log on a worker thread (one report at a time) over \`since\`, in buckets of \`window\`; \`alerts\` lists every threshold crossed. See docs/monitoring.md.`,
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
      503: problemResponse(
        'ADMIN_TOKEN is not configured, or the report thread stopped before answering (retry: the next request starts a new one)',
      ),
    },
  });

/**
 * Run one report on the report thread; a report thread that stopped is a 503 problem. The client's
 * abort signal: a report still queued when the client goes away is not computed.
 */
export async function runReport<K extends ReportKind>(
  reports: ReportRunner,
  kind: K,
  args: ReportArgs,
  signal: AbortSignal,
): Promise<ReportOfKind[K]> {
  try {
    return await reports.run(kind, args, { signal });
  } catch (error) {
    if (!(error instanceof ReportUnavailableError)) throw error;
    throw new ApiError({
      status: 503,
      slug: 'report-unavailable',
      title: 'Report unavailable',
      detail: error.message,
    });
  }
}

/** The report window of a query, or a 422 problem saying why it cannot be one. */
export function windowOrFail(options: Parameters<typeof resolveTimeWindow>[0]) {
  try {
    return resolveTimeWindow(options);
  } catch (error) {
    throw new ApiError({
      status: 422,
      slug: 'validation-error',
      title: 'Query string is invalid',
      detail: (error as Error).message,
      errors: [{ path: 'window', message: (error as Error).message }],
    });
  }
}

/**
 * The JSON monitoring endpoints (`/monitoring/drift|quality|ops|performance|customers`, admin token) — the
 * dashboard routes are added by `createMonitoringRouter`.
 *
 * @example
 * app.route('/', monitoringRoutes({ reports: new ReportRunner(db), servedModels: () => store.served(), adminToken }));
 */
export function monitoringRoutes(deps: MonitoringDeps) {
  const {
    reports,
    servedModels,
    customerModel,
    adminToken,
    thresholds = DEFAULT_THRESHOLDS,
    nowMs = Date.now,
  } = deps;
  const auth = adminAuth({ token: adminToken });
  const report = <K extends ReportKind>(kind: K, args: ReportArgs, signal: AbortSignal) =>
    runReport(reports, kind, args, signal);
  const context = (query: z.infer<typeof MonitoringQuerySchema>) => {
    const window = windowOrFail({ since: query.since, window: query.window, nowMs: nowMs() });
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
      async (c) => {
        const query = c.req.valid('query');
        const { window, models, envelope } = context(query);
        const customers = customerModel?.();
        if (customers && (!query.task || query.task === customers.task)) models.push(customers);
        const drift = await report('drift', { models, window, thresholds }, c.req.raw.signal);
        return c.json({ ...envelope, alerts: drift.flatMap((r) => r.alerts), reports: drift }, 200);
      },
    )
    .openapi(
      monitoringRoute(
        '/monitoring/quality',
        'Rejected requests, missing and out-of-range values',
        QualityResponseSchema,
        auth,
      ),
      async (c) => {
        const { window, models, envelope } = context(c.req.valid('query'));
        const quality = await report('quality', { models, window, thresholds }, c.req.raw.signal);
        const { fromMs: _from, toMs: _to, bucketMs: _bucket, ...body } = quality;
        return c.json({ ...envelope, ...body }, 200);
      },
    )
    .openapi(
      monitoringRoute('/monitoring/ops', 'Volume, errors and latency percentiles', OpsResponseSchema, auth),
      async (c) => {
        const { window, envelope } = context(c.req.valid('query'));
        const ops = await report('ops', { models: [], window, thresholds }, c.req.raw.signal);
        const { fromMs: _from, toMs: _to, bucketMs: _bucket, ...body } = ops;
        return c.json({ ...envelope, ...body }, 200);
      },
    )
    .openapi(
      monitoringRoute(
        '/monitoring/performance',
        'Live ROC AUC, Brier, F1 / RMSE, MAE, calibration from feedback',
        PerformanceResponseSchema,
        auth,
      ),
      async (c) => {
        const { window, models, envelope } = context(c.req.valid('query'));
        const performance = await report('performance', { models, window, thresholds }, c.req.raw.signal);
        return c.json(
          { ...envelope, alerts: performance.flatMap((r) => r.alerts), reports: performance },
          200,
        );
      },
    )
    .openapi(
      monitoringRoute(
        '/monitoring/customers',
        'P(alive) and lifetime value of the customers valued (mean, p10 / p50 / p90)',
        CustomersResponseSchema,
        auth,
      ),
      async (c) => {
        const { window, envelope } = context(c.req.valid('query'));
        const customers = await report('customers', { models: [], window, thresholds }, c.req.raw.signal);
        const { fromMs: _from, toMs: _to, bucketMs: _bucket, ...body } = customers;
        return c.json({ ...envelope, alerts: [], ...body }, 200);
      },
    );
}
