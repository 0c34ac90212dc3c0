import { z } from '@hono/zod-openapi';

const requestId = z
  .string()
  .openapi({ description: 'Id of this prediction: X-Request-Id, the log row, POST /feedback' });
const modelVersion = z.string().openapi({ example: '20261123T083000Z-1a2b3c4d' });

export const ContributionSchema = z
  .object({
    feature: z.string().openapi({ example: 'noClickStreakPages' }),
    value: z.number().openapi({ description: 'The feature value the model saw', example: 2 }),
    contribution: z.number().openapi({
      description: 'Additive push on the log-odds of churn (positive = towards leaving)',
      example: 0.41,
    }),
  })
  .openapi('Contribution');

export const SurvivalSchema = z
  .object({
    expectedFurtherPages: z
      .number()
      .min(0)
      .openapi({ description: 'Expected number of pages after the current one' }),
    stillBrowsing: z
      .array(z.number().min(0).max(1))
      .length(5)
      .openapi({
        description:
          'P(at least k more pages), k = 1…5: k = 1 is 1 − churnProbability; later k from a discrete-time hazard ' +
          'model of pages ahead (agrees with the Kaplan–Meier curve on test sessions, see the model report)',
      }),
  })
  .openapi('SessionSurvival', {
    example: { expectedFurtherPages: 2.41, stillBrowsing: [0.69, 0.52, 0.4, 0.31, 0.23] },
  });

export const ChurnResultSchema = z
  .object({
    requestId,
    sessionId: z.string().nullable(),
    modelVersion,
    churnProbability: z
      .number()
      .min(0)
      .max(1)
      .openapi({ description: 'P(the session ends after the current page)' }),
    churn: z.boolean().openapi({ description: 'churnProbability >= threshold' }),
    threshold: z.number().min(0).max(1),
    bias: z
      .number()
      .openapi({ description: 'Log-odds before any feature (sum of bias and contributions = logit)' }),
    topContributions: z.array(ContributionSchema).openapi({ description: 'Largest |contribution| first' }),
    survival: SurvivalSchema.optional().openapi({
      description:
        'Present when the served churn model carries a pages-ahead model (every model trained since f2)',
    }),
  })
  .openapi('ChurnResult', {
    example: {
      requestId: '5b0ac4a9-25f2-4a8d-9c51-6f1d2a8c0e11',
      sessionId: 'web-7f3a9c',
      modelVersion: '20261123T083000Z-1a2b3c4d',
      churnProbability: 0.31,
      churn: false,
      threshold: 0.42,
      bias: -1.2,
      topContributions: [{ feature: 'clicksSoFar', value: 2, contribution: -0.37 }],
      survival: { expectedFurtherPages: 2.41, stillBrowsing: [0.69, 0.52, 0.4, 0.31, 0.23] },
    },
  });

export const IntervalSchema = z
  .object({
    level: z.number().min(0.5).max(0.99).openapi({ description: 'Nominal coverage of the interval' }),
    low: z.number().min(0).openapi({ description: 'Lower end of the remaining revenue (yuan)' }),
    high: z.number().min(0).openapi({ description: 'Upper end of the remaining revenue (yuan)' }),
  })
  .openapi('RevenueInterval', {
    description:
      'Split-conformal prediction interval of expectedRemainingRevenueYuan, calibrated on validation sessions: ' +
      'it holds the realised remaining revenue with probability ≥ level (test coverage is in the model report).',
    example: { level: 0.8, low: 0, high: 9.12 },
  });

/** `?level=0.9`: the interval level of a value answer (two decimals, 0.5–0.99; default 0.8). */
export const IntervalQuerySchema = z.object({
  level: z
    .string()
    .optional()
    .openapi({ description: 'Interval level, 0.50–0.99 in steps of 0.01 (default 0.80)', example: '0.9' }),
});

export const ValueResultSchema = z
  .object({
    requestId,
    sessionId: z.string().nullable(),
    modelVersion,
    revenueSoFarYuan: z.number().openapi({ description: 'Purchases on the pages sent' }),
    expectedRemainingRevenueYuan: z
      .number()
      .min(0)
      .openapi({ description: 'Expected revenue after the current page' }),
    expectedTotalRevenueYuan: z
      .number()
      .openapi({ description: 'revenueSoFarYuan + expectedRemainingRevenueYuan' }),
    interval: IntervalSchema.optional().openapi({
      description:
        'Present when the served model carries an interval calibration (every model trained since f2)',
    }),
  })
  .openapi('ValueResult', {
    example: {
      requestId: '5b0ac4a9-25f2-4a8d-9c51-6f1d2a8c0e11',
      sessionId: 'web-7f3a9c',
      modelVersion: '20261123T083000Z-5e6f7a8b',
      revenueSoFarYuan: 0,
      expectedRemainingRevenueYuan: 3.87,
      expectedTotalRevenueYuan: 3.87,
      interval: { level: 0.8, low: 0, high: 9.12 },
    },
  });

export const ChurnBatchResultSchema = z
  .object({ requestId, modelVersion, results: z.array(ChurnResultSchema) })
  .openapi('ChurnBatchResult');
export const ValueBatchResultSchema = z
  .object({ requestId, modelVersion, results: z.array(ValueResultSchema) })
  .openapi('ValueBatchResult');
