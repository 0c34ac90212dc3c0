import { z } from '@hono/zod-openapi';
import { REGISTRY_TASKS, TASKS } from '../../registry/index.ts';

const DURATION = /^\d+(\.\d+)?\s*(s|m|h|d|w)$/;
const nullableNumber = z.number().nullable();

/** Query of every monitoring endpoint. */
export const MonitoringQuerySchema = z.object({
  since: z
    .string()
    .regex(DURATION, 'a duration: a number and a unit s|m|h|d|w, e.g. 24h')
    .default('24h')
    .openapi({
      param: { name: 'since', in: 'query' },
      description: 'How far back the report looks',
      example: '24h',
    }),
  window: z
    .string()
    .regex(DURATION, 'a duration: a number and a unit s|m|h|d|w, e.g. 1h')
    .default('1h')
    .openapi({
      param: { name: 'window', in: 'query' },
      description: 'Bucket size of the time series',
      example: '1h',
    }),
  task: z
    .enum(REGISTRY_TASKS)
    .optional()
    .openapi({
      param: { name: 'task', in: 'query' },
      description: 'Only this task (default: every served task; customer-value has a drift report only)',
      example: 'churn',
    }),
});

const envelope = {
  generatedAt: z.string().openapi({ example: '2026-11-23T12:00:00.000Z' }),
  fromMs: z.number().int().openapi({ example: 1_763_812_800_001 }),
  toMs: z.number().int().openapi({ example: 1_763_899_200_001 }),
  bucketMs: z.number().int().openapi({ example: 3_600_000 }),
  thresholds: z
    .record(z.string(), z.union([z.number(), z.string()]))
    .openapi({ example: { psiModerate: 0.1, psiMajor: 0.25 } }),
  alerts: z
    .array(z.string())
    .openapi({ description: 'Thresholds crossed, as sentences; empty when all is well', example: [] }),
};

export const ColumnDriftSchema = z
  .object({
    name: z.string(),
    count: z.number().int(),
    psi: nullableNumber,
    psiBand: z.enum(['stable', 'moderate', 'major', 'insufficient-data']),
    wassersteinPerStd: nullableNumber,
    test: z.enum(['jensen-shannon', 'psi-wasserstein']).openapi({
      description:
        'What decides `drifted`: Jensen–Shannon distance for categorical columns (few distinct values), PSI and Wasserstein/std (driftRule) otherwise',
    }),
    jensenShannon: nullableNumber.openapi({
      description: 'Categorical columns: Jensen–Shannon distance (bits, 0–1) of the category shares',
    }),
    drifted: z.boolean(),
    referenceMean: z.number(),
    windowMean: nullableNumber,
    windowQuantiles: z.tuple([z.number(), z.number(), z.number()]).nullable(),
    referenceQuantiles: z.tuple([z.number(), z.number(), z.number()]),
  })
  .openapi('ColumnDrift', {
    example: {
      name: 'ageLevel',
      count: 7537,
      psi: 2.055,
      psiBand: 'major',
      wassersteinPerStd: 1.464,
      test: 'psi-wasserstein',
      jensenShannon: null,
      drifted: true,
      referenceMean: 3.8,
      windowMean: 6.2,
      windowQuantiles: [4, 7, 8],
      referenceQuantiles: [2, 4, 6],
    },
  });

const DriftReportSchema = z
  .object({
    task: z.enum(TASKS),
    modelVersion: z.string(),
    featureVersion: z.string().nullable(),
    fromMs: z.number(),
    toMs: z.number(),
    rows: z.number().int(),
    features: z.array(ColumnDriftSchema),
    driftedFeatures: z.array(z.string()),
    driftedShare: nullableNumber,
    datasetDrifted: z.boolean(),
    // A union, not .nullable(): the generator writes nullable refs as an allOf that null never satisfies.
    prediction: z
      .union([ColumnDriftSchema, z.null()])
      .openapi({ description: 'Drift of the predictions; null when the model has no reference' }),
    predictionOverTime: z.array(
      z.object({
        startMs: z.number(),
        count: z.number().int(),
        p10: nullableNumber,
        p50: nullableNumber,
        p90: nullableNumber,
        psi: nullableNumber,
      }),
    ),
    alerts: z.array(z.string()),
  })
  .openapi('DriftReport');

export const DriftResponseSchema = z
  .object({ ...envelope, reports: z.array(DriftReportSchema) })
  .openapi('DriftResponse', {
    example: {
      generatedAt: '2026-11-23T12:00:00.000Z',
      fromMs: 1_763_812_800_001,
      toMs: 1_763_899_200_001,
      bucketMs: 3_600_000,
      thresholds: { psiModerate: 0.1, psiMajor: 0.25, wassersteinPerStd: 0.1, driftRule: 'both' },
      alerts: ['churn 20261123T080000Z-0c0c0c0c: features drift: ageLevel, gender.'],
      reports: [],
    },
  });

export const QualityResponseSchema = z
  .object({
    ...envelope,
    endpoints: z.array(
      z.object({
        endpoint: z.string(),
        requests: z.number().int(),
        rejected: z.number().int(),
        rejectedShare: z.number(),
      }),
    ),
    rejectedByReason: z.array(
      z.object({
        endpoint: z.string(),
        status: z.number().int(),
        reason: z.string(),
        requests: z.number().int(),
      }),
    ),
    tasks: z.array(
      z.object({
        task: z.enum(TASKS),
        modelVersion: z.string(),
        rows: z.number().int(),
        malformedRows: z.number().int(),
        features: z.array(
          z.object({
            name: z.string(),
            missing: z.number().int(),
            missingShare: z.number(),
            belowRange: z.number().int(),
            aboveRange: z.number().int(),
            outOfRangeShare: z.number(),
          }),
        ),
      }),
    ),
    overTime: z
      .array(
        z.object({
          startMs: z.number(),
          requests: z.number().int(),
          rejected: z.number().int(),
          rejectedShare: z.number(),
          tasks: z.array(
            z.object({
              task: z.enum(TASKS),
              rows: z.number().int(),
              missingValues: z.number().int(),
              outOfRangeValues: z.number().int(),
              missingShare: z.number(),
              outOfRangeShare: z.number(),
              worstFeature: z.string().nullable(),
            }),
          ),
        }),
      )
      .openapi({
        description:
          'One entry per bucket, empty buckets included (zeros). Requests and rejections of all endpoints; per task the scored rows and the missing and out-of-range values over all features',
      }),
  })
  .openapi('QualityResponse', {
    example: {
      generatedAt: '2026-11-23T12:00:00.000Z',
      fromMs: 1_763_812_800_001,
      toMs: 1_763_899_200_001,
      bucketMs: 3_600_000,
      thresholds: { maxRejectedShare: 0.05 },
      alerts: [],
      endpoints: [{ endpoint: '/churn', requests: 12040, rejected: 31, rejectedShare: 0.0026 }],
      rejectedByReason: [
        { endpoint: '/churn', status: 422, reason: 'invalid:pages.items.ctr', requests: 31 },
      ],
      tasks: [],
      overTime: [
        {
          startMs: 1_763_812_800_001,
          requests: 502,
          rejected: 1,
          rejectedShare: 0.002,
          tasks: [
            {
              task: 'churn',
              rows: 498,
              missingValues: 0,
              outOfRangeValues: 224,
              missingShare: 0,
              outOfRangeShare: 0.01,
              worstFeature: 'ageLevel',
            },
          ],
        },
      ],
    },
  });

const LatencyFields = {
  requests: z.number().int(),
  clientErrors: z.number().int(),
  serverErrors: z.number().int(),
  serverErrorShare: z.number(),
  meanLatencyMs: nullableNumber,
  p50LatencyMs: nullableNumber,
  p95LatencyMs: nullableNumber,
  p99LatencyMs: nullableNumber,
  maxLatencyMs: nullableNumber,
};

export const OpsResponseSchema = z
  .object({
    ...envelope,
    totalRequests: z.number().int(),
    byEndpoint: z.array(z.object({ endpoint: z.string(), modelVersion: z.string(), ...LatencyFields })),
    overTime: z.array(z.object({ startMs: z.number(), ...LatencyFields })),
  })
  .openapi('OpsResponse', {
    example: {
      generatedAt: '2026-11-23T12:00:00.000Z',
      fromMs: 1_763_812_800_001,
      toMs: 1_763_899_200_001,
      bucketMs: 3_600_000,
      thresholds: { maxP99LatencyMs: 100 },
      alerts: [],
      totalRequests: 12040,
      byEndpoint: [
        {
          endpoint: '/churn',
          modelVersion: '20261123T080000Z-0c0c0c0c',
          requests: 12009,
          clientErrors: 31,
          serverErrors: 0,
          serverErrorShare: 0,
          meanLatencyMs: 1.2,
          p50LatencyMs: 1.0,
          p95LatencyMs: 2.4,
          p99LatencyMs: 3.9,
          maxLatencyMs: 11.2,
        },
      ],
      overTime: [],
    },
  });

const LiveMetricsFields = {
  labelled: z.number().int(),
  rocAuc: nullableNumber,
  brier: nullableNumber,
  precision: nullableNumber,
  recall: nullableNumber,
  f1: nullableNumber,
  observedChurnRate: nullableNumber,
  rmseYuan: nullableNumber,
  maeYuan: nullableNumber,
  calibration: nullableNumber,
  sumPredictedYuan: nullableNumber,
  sumActualYuan: nullableNumber,
  intervalCoverage80: nullableNumber.openapi({
    description: 'Session value: share of outcomes inside the logged interval, among answers served at 80 %',
  }),
  intervalCoverage90: nullableNumber.openapi({
    description: 'Session value: the same among answers served at 90 %',
  }),
  intervalCoverageByLevel: z
    .array(z.object({ level: z.number(), labelled: z.number().int(), coverage: z.number() }))
    .openapi({ description: 'Session value: live coverage of the logged intervals per level served' }),
};

const PerformanceReportSchema = z
  .object({
    task: z.enum(TASKS),
    servedVersion: z.string(),
    fromMs: z.number(),
    toMs: z.number(),
    bucketMs: z.number(),
    byVersion: z.array(z.object({ modelVersion: z.string(), ...LiveMetricsFields })),
    overTime: z.array(z.object({ startMs: z.number(), ...LiveMetricsFields })),
    alerts: z.array(z.string()),
  })
  .openapi('PerformanceReport');

export const PerformanceResponseSchema = z
  .object({ ...envelope, reports: z.array(PerformanceReportSchema) })
  .openapi('PerformanceResponse', {
    example: {
      generatedAt: '2026-11-23T12:00:00.000Z',
      fromMs: 1_763_812_800_001,
      toMs: 1_763_899_200_001,
      bucketMs: 3_600_000,
      thresholds: { minRocAuc: 0.6, maxBrier: 0.25 },
      alerts: [],
      reports: [],
    },
  });

const DistributionSchema = z
  .object({ mean: z.number(), p10: z.number(), p50: z.number(), p90: z.number() })
  .nullable()
  .openapi('Distribution', { description: 'Mean and nearest-rank p10 / p50 / p90; null without customers' });

const CustomerValueStatsFields = {
  customers: z
    .number()
    .int()
    .openapi({ description: 'Customers valued (one per answer; twice if valued twice)' }),
  probabilityAlive: DistributionSchema,
  lifetimeValue: DistributionSchema,
};

export const CustomersResponseSchema = z
  .object({
    ...envelope,
    ...CustomerValueStatsFields,
    overTime: z.array(z.object({ startMs: z.number(), ...CustomerValueStatsFields })),
    segments: z
      .array(
        z.object({
          segment: z.string().nullable(),
          customers: z.number().int(),
          share: z.number(),
        }),
      )
      .openapi({
        description:
          'The live segment mix over the window: customers valued per logged segment (null: not placed, e.g. sent as a summary)',
      }),
  })
  .openapi('CustomersResponse', {
    example: {
      generatedAt: '2026-11-23T12:00:00.000Z',
      fromMs: 1_763_812_800_001,
      toMs: 1_763_899_200_001,
      bucketMs: 3_600_000,
      thresholds: { psiModerate: 0.1 },
      alerts: [],
      customers: 2,
      probabilityAlive: { mean: 0.61, p10: 0.35, p50: 0.35, p90: 0.87 },
      lifetimeValue: { mean: 48.2, p10: 21.9, p50: 21.9, p90: 74.5 },
      overTime: [
        {
          startMs: 1_763_895_600_001,
          customers: 2,
          probabilityAlive: { mean: 0.61, p10: 0.35, p50: 0.35, p90: 0.87 },
          lifetimeValue: { mean: 48.2, p10: 21.9, p50: 21.9, p90: 74.5 },
        },
      ],
      segments: [
        { segment: 'high-value', customers: 1, share: 0.5 },
        { segment: 'other', customers: 1, share: 0.5 },
      ],
    },
  });
