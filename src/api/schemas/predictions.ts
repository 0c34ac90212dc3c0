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
    },
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
  })
  .openapi('ValueResult', {
    example: {
      requestId: '5b0ac4a9-25f2-4a8d-9c51-6f1d2a8c0e11',
      sessionId: 'web-7f3a9c',
      modelVersion: '20261123T083000Z-5e6f7a8b',
      revenueSoFarYuan: 0,
      expectedRemainingRevenueYuan: 3.87,
      expectedTotalRevenueYuan: 3.87,
    },
  });

export const ChurnBatchResultSchema = z
  .object({ requestId, modelVersion, results: z.array(ChurnResultSchema) })
  .openapi('ChurnBatchResult');
export const ValueBatchResultSchema = z
  .object({ requestId, modelVersion, results: z.array(ValueResultSchema) })
  .openapi('ValueBatchResult');
