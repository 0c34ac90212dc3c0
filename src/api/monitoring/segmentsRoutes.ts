import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DEFAULT_THRESHOLDS, type MonitoringThresholds } from '../../monitoring/config.ts';
import type { ReportRunner } from '../../monitoring/reportRunner.ts';
import type { ServedCustomerModel } from '../../registry/index.ts';
import { adminAuth } from '../adminAuth.ts';
import { problemResponse, problemValidationHook } from '../problem.ts';
import { ADMIN_SECURITY } from '../routes/adminRoutes.ts';
import { customerModelOrFail } from '../routes/customerRoutes.ts';
import { runReport, windowOrFail } from './monitoringRoutes.ts';
import { MonitoringQuerySchema } from './schemas.ts';

/** Only `since`: the segment mix is drawn over the whole period, not per bucket. */
export const SegmentsQuerySchema = MonitoringQuerySchema.pick({ since: true });

const ProfileSchema = z
  .object({
    segment: z.string().openapi({ example: 'high-value' }),
    customers: z.number().int().openapi({ example: 3412 }),
    share: z.number().openapi({ example: 0.2 }),
    meanRecencyDays: z.number().nullable().openapi({ example: 21.4 }),
    meanFrequency: z.number().nullable().openapi({ example: 6.2 }),
    meanSpend: z.number().nullable().openapi({ example: 412.3 }),
    meanClv: z.number().nullable().openapi({ example: 288.1 }),
    meanPAlive: z.number().nullable().openapi({ example: 0.93 }),
  })
  .openapi('SegmentProfile', {
    description:
      'One group of the training customers: size, share and mean recency (days), frequency (repeat purchases), spend so far, CLV and P(alive); means are null for an empty group.',
  });

const cohortRows = z.array(z.array(z.number().nullable()));

const CohortsSchema = z
  .object({
    cohorts: z.array(z.string()).openapi({ example: ['2024-01', '2024-02'] }),
    sizes: z.array(z.number().int()).openapi({ example: [812, 790] }),
    monthsSince: z.array(z.number().int()).openapi({ example: [0, 1] }),
    lastMonth: z.string().openapi({ example: '2024-02' }),
    retention: cohortRows.openapi({
      example: [
        [1, 0.31],
        [1, null],
      ],
    }),
    revenue: cohortRows.openapi({
      example: [
        [24_310, 9_950.5],
        [23_105, null],
      ],
    }),
    revenuePerCustomer: cohortRows.openapi({
      example: [
        [29.94, 12.25],
        [29.25, null],
      ],
    }),
    averageRetention: z.array(z.number().nullable()).openapi({ example: [1, 0.31] }),
  })
  .openapi('CohortMatrices', {
    description:
      'First-purchase-month cohorts of the training transactions × months since the first purchase (rows: cohorts, oldest first); null where a cohort had not reached that month.',
  });

export const SegmentsResponseSchema = z
  .object({
    generatedAt: z.string(),
    modelVersion: z.string().openapi({ example: '20261206T170000Z-1a2b3c4d' }),
    clv: z
      .object({
        measure: z.enum(['lifetimeValue', 'predictedRevenue']),
        horizonDays: z.number().int(),
      })
      .nullable()
      .openapi({ description: 'What the segments rank by; null when the model stores no segments' }),
    trainingCustomers: z.number().int().nullable().openapi({ example: 16_532 }),
    segments: z.array(ProfileSchema).nullable().openapi({
      description:
        'The named segments of the training customers (churn-risk, high-value, missed-opportunity, other); null when the model stores no segments',
    }),
    clusters: z.array(ProfileSchema).nullable().openapi({
      description: 'The Gaussian-mixture clusters of the training customers, cluster 1 the most valuable',
    }),
    cohorts: CohortsSchema.nullable().openapi({
      description: 'The version’s cohorts.json; null for a version fitted without it',
    }),
    live: z
      .object({
        fromMs: z.number(),
        toMs: z.number(),
        customers: z.number().int().openapi({ example: 2 }),
        segments: z.array(
          z.object({
            segment: z.string().nullable().openapi({ example: 'high-value' }),
            customers: z.number().int().openapi({ example: 1 }),
            share: z.number().openapi({ example: 0.5 }),
          }),
        ),
      })
      .openapi({
        description:
          'The segment mix of the customers valued over `since`, from the request log (null segment: not placed, e.g. sent as a summary)',
      }),
  })
  .openapi('SegmentsResponse', {
    example: {
      generatedAt: '2026-12-06T18:00:00.000Z',
      modelVersion: '20261206T171515Z-c800dd1b',
      clv: { measure: 'lifetimeValue', horizonDays: 365 },
      trainingCustomers: 20_000,
      segments: [
        {
          segment: 'high-value',
          customers: 3445,
          share: 0.172,
          meanRecencyDays: 95.1,
          meanFrequency: 6.25,
          meanSpend: 229.5,
          meanClv: 77.8,
          meanPAlive: 0.767,
        },
      ],
      clusters: [
        {
          segment: 'cluster 1',
          customers: 1205,
          share: 0.06,
          meanRecencyDays: 32.9,
          meanFrequency: 11.4,
          meanSpend: 376.5,
          meanClv: 148.3,
          meanPAlive: 0.881,
        },
      ],
      cohorts: {
        cohorts: ['2024-01', '2024-02'],
        sizes: [812, 790],
        monthsSince: [0, 1],
        lastMonth: '2024-02',
        retention: [
          [1, 0.31],
          [1, null],
        ],
        revenue: [
          [24_310, 9_950.5],
          [23_105, null],
        ],
        revenuePerCustomer: [
          [29.94, 12.25],
          [29.25, null],
        ],
        averageRetention: [1, 0.31],
      },
      live: {
        fromMs: 1_765_036_800_001,
        toMs: 1_765_123_200_001,
        customers: 2,
        segments: [
          { segment: 'high-value', customers: 1, share: 0.5 },
          { segment: null, customers: 1, share: 0.5 },
        ],
      },
    },
  });

/** What the segments route needs from the app. */
export interface SegmentsDeps {
  /** Computes the live segment mix off the event loop (the customers report). */
  reports: ReportRunner;
  /** The served customer-value model, re-read per request (a hot reload shows at once). */
  customerModel: () => ServedCustomerModel | undefined;
  adminToken: string | undefined;
  thresholds?: MonitoringThresholds;
  nowMs?: () => number;
}

/**
 * `GET /monitoring/segments?since=24h` (admin token): the served customer model's segments and
 * clusters as profiled on its training customers, the cohort retention matrices of its training
 * transactions, and the live segment mix of the customers valued over `since`: the dashboard's
 * segments tab in one answer.
 *
 * @example
 * app.route('/', segmentsRoutes({ reports, customerModel: () => models.get(CUSTOMER_TASK), adminToken }));
 */
export function segmentsRoutes({
  reports,
  customerModel,
  adminToken,
  thresholds = DEFAULT_THRESHOLDS,
  nowMs = Date.now,
}: SegmentsDeps) {
  const auth = adminAuth({ token: adminToken });
  const route = createRoute({
    method: 'get',
    path: '/monitoring/segments',
    operationId: 'monitoringSegments',
    tags: ['Monitoring'],
    summary: 'Customer segments and cohorts of the served customer-value model',
    description:
      'The named segments and mixture clusters of the served customer-value model as profiled on its training customers, the first-purchase-month cohort retention of its training transactions, and the live segment mix of the customers valued over `since` (request log, worker thread). See docs/segments.md.',
    security: ADMIN_SECURITY,
    middleware: [auth] as const,
    request: { query: SegmentsQuerySchema },
    responses: {
      200: {
        description: 'Training profiles and cohorts',
        content: { 'application/json': { schema: SegmentsResponseSchema } },
      },
      401: problemResponse('Missing or wrong bearer token'),
      422: problemResponse('since is not a duration'),
      503: problemResponse(
        'ADMIN_TOKEN is not configured, no customer-value model is loaded, or the report thread stopped before answering',
      ),
    },
  });
  return new OpenAPIHono({ defaultHook: problemValidationHook }).openapi(route, async (c) => {
    const { since } = c.req.valid('query');
    // One bucket as long as the window: only the mix over the whole period is drawn.
    const window = windowOrFail({ since, window: since, nowMs: nowMs() });
    const model = customerModelOrFail(customerModel());
    const customers = await runReport(
      reports,
      'customers',
      { models: [], window, thresholds },
      c.req.raw.signal,
    );
    const segmentation = model.segmentation;
    return c.json(
      {
        generatedAt: new Date(nowMs()).toISOString(),
        modelVersion: model.version,
        clv: segmentation?.clv ?? null,
        trainingCustomers: segmentation?.customers ?? null,
        segments: segmentation?.profiles.segments ?? null,
        clusters: segmentation?.profiles.clusters ?? null,
        cohorts: model.cohorts,
        live: {
          fromMs: window.fromMs,
          toMs: window.toMs,
          customers: customers.customers,
          segments: customers.segments,
        },
      },
      200,
    );
  });
}
