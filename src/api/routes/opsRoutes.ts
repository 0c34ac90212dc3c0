import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { RequestStore } from '../../monitoring/requestLog/index.ts';
import { productionPointerPath, TASKS } from '../../registry/index.ts';
import type { AppEnv } from '../appEnv.ts';
import { ClusterMetricsError, type MetricsExposition } from '../clusterMetrics.ts';
import { describeModel, type ModelStore } from '../models/index.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health', { example: { status: 'ok' } });
const ReadinessSchema = z
  .object({
    status: z.literal('ready'),
    models: z.record(z.string(), z.string()),
    database: z.enum(['writable', 'backing-up']).openapi({
      description:
        '`backing-up`: the request log refuses writes (disk full, read-only); predictions are still answered and their rows kept in memory (bounded) for retry, so the pod stays in rotation; `requestLog` says why',
    }),
    requestLog: z.string().optional().openapi({ description: 'Why the request log is backing up' }),
  })
  .openapi('Readiness', {
    example: {
      status: 'ready',
      models: { churn: '20261123T083000Z-1a2b3c4d', 'session-value': '20261123T083000Z-5e6f7a8b' },
      database: 'writable',
    },
  });
const ServedModelSchema = z
  .object({
    task: z.enum(TASKS),
    version: z.string(),
    modelName: z.string(),
    kind: z.string(),
    featureVersion: z.string(),
    featureCount: z.number().int(),
    threshold: z.number().nullable(),
    metrics: z.record(z.string(), z.number()),
    createdAt: z.string(),
    promotedAt: z.string(),
    previousVersion: z.string().nullable(),
    promotionReason: z.string(),
    loadedAt: z.string(),
    hasReference: z.boolean(),
  })
  .openapi('ServedModel');
const ModelsSchema = z
  .object({ models: z.array(ServedModelSchema), missing: z.array(z.enum(TASKS)) })
  .openapi('Models');

const get = <R extends RouteConfig['responses']>(
  path: string,
  operationId: string,
  summary: string,
  responses: R,
) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    summary,
    description: OPERATION_DESCRIPTIONS[operationId],
    tags: ['Operations'],
    // Public: probes and scrapers carry no token.
    security: [],
    responses,
  });

const OPERATION_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness: the process answers. No dependency is checked, so a slow database never restarts a pod.',
  readiness:
    'Readiness: both models are loaded and the request log is writable; otherwise 503 and the detail says which.',
  listModels: 'The served version of each task, its kind, threshold, test metrics and promotion record.',
  metrics:
    'Prometheus text exposition: request counts and latency by route and model version, log queue, process.',
};

/**
 * GET /healthz (process alive), /readyz (both models loaded and the request log writable),
 * /models (the served versions and their test metrics) and /metrics (Prometheus text).
 *
 * @example
 * app.route('/', opsRoutes({ store, models, contentType: registry.contentType, exposition: () => registry.metrics() }));
 */
export function opsRoutes({
  store,
  models,
  contentType,
  exposition,
}: {
  store: RequestStore;
  models: ModelStore;
  /** The Prometheus text format's content type. */
  contentType: string;
  /** This process's metrics, or the cluster's under WORKERS=N (clusterMetrics.ts). */
  exposition: MetricsExposition;
}) {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook })
    .openapi(
      get('/healthz', 'health', 'The process is alive', {
        200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } },
      }),
      (c) => c.json({ status: 'ok' as const }, 200),
    )
    .openapi(
      get('/readyz', 'readiness', 'Both models are loaded: the pod can answer predictions', {
        200: {
          description: 'Ready to serve (the request log may be backing up: see `database`)',
          content: { 'application/json': { schema: ReadinessSchema } },
        },
        503: problemResponse('Not ready: the detail says which model is missing'),
      }),
      async (c) => {
        const missing = TASKS.filter((task) => !models.get(task));
        if (missing.length > 0) {
          throw new ApiError({
            status: 503,
            slug: 'not-ready',
            title: 'Not ready',
            detail: `${missing.map((task) => `no ${task} model is loaded (${productionPointerPath(models.modelsDir, task)})`).join('; ')}.`,
          });
        }
        // A request log that refuses writes does not make the pod unready: its predictions are
        // right, their rows wait (bounded) for the disk, and taking every pod on a full shared
        // volume out of rotation would turn a logging problem into an outage. It shows here, in
        // /metrics (request_log_queued_rows, request_log_dropped_rows) and in the rate-limited log.
        const dbProblem = await store.writeProblem();
        const versions = Object.fromEntries(models.served().map((m) => [m.task, m.version]));
        return c.json(
          dbProblem === null
            ? { status: 'ready' as const, models: versions, database: 'writable' as const }
            : {
                status: 'ready' as const,
                models: versions,
                database: 'backing-up' as const,
                requestLog: dbProblem,
              },
          200,
        );
      },
    )
    .openapi(
      get('/models', 'listModels', 'The served model of each task with its test metrics', {
        200: { description: 'Served models', content: { 'application/json': { schema: ModelsSchema } } },
      }),
      (c) =>
        c.json(
          {
            models: models.served().map(describeModel),
            missing: TASKS.filter((task) => !models.get(task)),
          },
          200,
        ),
    )
    .openapi(
      get('/metrics', 'metrics', 'Prometheus metrics (text exposition format)', {
        200: {
          description: 'Counters, histograms and gauges',
          content: { 'text/plain': { schema: z.string().openapi({ example: 'http_requests_total{…} 42' }) } },
        },
        503: problemResponse('WORKERS=N: the cluster primary did not collect every worker in time'),
      }),
      async (c) => {
        let text: string;
        try {
          text = await exposition();
        } catch (error) {
          if (!(error instanceof ClusterMetricsError)) throw error;
          throw new ApiError({
            status: 503,
            slug: 'metrics-unavailable',
            title: 'Metrics unavailable',
            detail: `${error.message}; scrape again.`,
          });
        }
        c.header('content-type', contentType);
        return c.text(text, 200);
      },
    );
}
