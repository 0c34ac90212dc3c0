import { z } from '@hono/zod-openapi';
import { SEGMENT_NAMES } from '../../segments/segmentConfig.ts';

const quintile = z.number().int().min(1).max(5);

/** Most transactions one customer may carry in a request (a decade of weekly shopping is ~520). */
export const MAX_TRANSACTIONS_PER_CUSTOMER = 10_000;
/** Largest amount of one transaction: beyond any retail purchase, small enough that sums stay finite. */
export const MAX_AMOUNT = 1e9;

// Years 1000-9999, months 01-12, days 01-31 in the pattern itself, so a consumer's validator knows them;
// only a day the month lacks (2023-02-30) is left to the words of the description.
const isoDate = z
  .string()
  .regex(
    /^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ].*)?$/,
    'Expected a calendar date YYYY-MM-DD, year 1000-9999 (a time after it is ignored)',
  )
  .openapi({
    description: 'A calendar date YYYY-MM-DD (2024-02-30 does not exist); a time after it is ignored',
  });

export const CustomerTransactionSchema = z
  .object({
    date: isoDate.openapi({ example: '2024-03-02' }),
    amount: z.number().nonnegative().max(MAX_AMOUNT).openapi({ example: 35.2 }),
  })
  .strict()
  .openapi('CustomerTransaction');

/** A customer already summarised (BG/NBD's x, tₓ, T in days, and z̄): the probabilistic outputs only. */
export const CustomerSummaryInputSchema = z
  .object({
    repeatPurchases: z.number().int().nonnegative().max(1_000_000).openapi({ example: 2 }),
    daysFirstToLastPurchase: z.number().nonnegative().max(1e6).openapi({ example: 213 }),
    daysSinceFirstPurchase: z.number().nonnegative().max(1e6).openapi({ example: 272 }),
    meanRepeatSpend: z.number().nonnegative().max(MAX_AMOUNT).openapi({ example: 22.35 }),
  })
  .strict()
  .refine((s) => s.daysFirstToLastPurchase <= s.daysSinceFirstPurchase, {
    message: 'daysFirstToLastPurchase must not exceed daysSinceFirstPurchase',
    path: ['daysFirstToLastPurchase'],
  })
  .refine((s) => s.repeatPurchases > 0 || s.daysFirstToLastPurchase === 0, {
    message: 'daysFirstToLastPurchase must be 0 without repeat purchases',
    path: ['daysFirstToLastPurchase'],
  })
  // Same-day purchases are one purchase, so each repeat purchase takes a day of its own after the first.
  .refine((s) => s.repeatPurchases <= s.daysFirstToLastPurchase, {
    message: 'repeatPurchases must not exceed daysFirstToLastPurchase (same-day purchases count once)',
    path: ['repeatPurchases'],
  })
  .openapi('CustomerSummaryInput', {
    description:
      'repeatPurchases ≤ daysFirstToLastPurchase ≤ daysSinceFirstPurchase (same-day purchases count once), and daysFirstToLastPurchase = 0 when repeatPurchases = 0.',
    // The second refinement as JSON Schema; the first compares two fields, which JSON Schema cannot.
    anyOf: [
      { properties: { repeatPurchases: { minimum: 1 } } },
      { properties: { daysFirstToLastPurchase: { const: 0 } } },
    ],
  });

export const CustomerSchema = z
  .object({
    customerId: z.string().min(1).max(200).optional().openapi({ example: 'c-1042' }),
    asOf: isoDate.optional().openapi({
      description: 'The day the customer is valued at (default: today, UTC)',
      example: '2024-06-30',
    }),
    transactions: z
      .array(CustomerTransactionSchema)
      .min(1)
      .max(MAX_TRANSACTIONS_PER_CUSTOMER)
      .optional()
      .openapi({ description: 'Every purchase of the customer up to asOf (same-day purchases are merged)' }),
    summary: CustomerSummaryInputSchema.optional(),
  })
  .strict()
  .refine((c) => (c.transactions === undefined) !== (c.summary === undefined), {
    message: 'Give either transactions or summary (exactly one)',
    path: ['transactions'],
  })
  .openapi('Customer', {
    description:
      'Exactly one of transactions or summary. Every transaction date is on or before asOf (today, UTC, without asOf).',
    // The refinement above as JSON Schema, so a consumer's validator knows it too.
    oneOf: [{ required: ['transactions'] }, { required: ['summary'] }],
    example: {
      customerId: 'c-1042',
      asOf: '2024-06-30',
      transactions: [
        { date: '2024-01-03', amount: 29.33 },
        { date: '2024-01-20', amount: 29.73 },
        { date: '2024-05-04', amount: 14.96 },
      ],
    },
  });
export type CustomerBody = z.infer<typeof CustomerSchema>;

export const CustomerBatchSchema = z
  .object({
    customers: z
      .array(CustomerSchema)
      .min(1)
      .openapi({ description: 'Up to BATCH_MAX_CUSTOMERS customers (413 beyond)' }),
  })
  .strict()
  .openapi('CustomerBatch', {
    example: {
      customers: [
        { customerId: 'c-1042', asOf: '2024-06-30', transactions: [{ date: '2024-01-03', amount: 29.33 }] },
        {
          customerId: 'c-2077',
          asOf: '2024-06-30',
          summary: {
            repeatPurchases: 4,
            daysFirstToLastPurchase: 120,
            daysSinceFirstPurchase: 170,
            meanRepeatSpend: 41.5,
          },
        },
      ],
    },
  });

const TopFactorSchema = z.object({
  feature: z.string().openapi({ example: 'recencyDays' }),
  value: z.number().nullable().openapi({ example: 57 }),
  contribution: z.number().openapi({ example: -0.42 }),
});

export const CustomerValueResultSchema = z
  .object({
    requestId: z.string(),
    customerId: z.string().nullable(),
    modelVersion: z.string(),
    asOf: z.string().openapi({ example: '2024-06-30' }),
    horizonDays: z.number().int().openapi({ example: 90 }),
    summary: CustomerSummaryInputSchema,
    probabilityAlive: z.number().openapi({ example: 0.71 }),
    expectedPurchases: z.number().openapi({ example: 0.83 }),
    purchaseProbability: z.number().openapi({ example: 0.52 }),
    expectedSpendPerPurchase: z.number().openapi({ example: 27.4 }),
    expectedSpend: z.number().openapi({ example: 22.7 }),
    lifetimeValue: z.number().openapi({ example: 81.6 }),
    supervised: z
      .object({
        purchaseProbability: z.number().openapi({ example: 0.48 }),
        spend: z.number().openapi({ example: 19.3 }),
        topFactors: z.array(TopFactorSchema),
      })
      .nullable()
      .openapi({
        description: 'The supervised horizon models; null for a summary (they need the transactions)',
      }),
    segment: z
      .enum(SEGMENT_NAMES)
      .nullable()
      .openapi({
        example: 'high-value',
        description:
          'The named segment, by the thresholds stored with the model (computed on its training customers, ' +
          'ranked by lifetimeValue; docs/segments.md): churn-risk (high past spend, P(alive) below the ' +
          'threshold), high-value (top lifetime value), missed-opportunity (high lifetime value, no recent ' +
          'purchase), or other (none of the three). Null for a summary, or a model stored without segments.',
      }),
    rfm: z
      .object({
        recency: quintile.openapi({ example: 4 }),
        frequency: quintile.openapi({ example: 3 }),
        monetary: quintile.openapi({ example: 5 }),
        cell: z
          .string()
          .regex(/^[1-5]{3}$/)
          .openapi({ example: '435' }),
      })
      .nullable()
      .openapi('CustomerRfm', {
        description:
          'RFM quintile scores against the training customers (5 = most recent, most repeat purchases, ' +
          'highest spend per purchase day) and their three-digit cell. Null like segment.',
      }),
    cluster: z
      .object({
        id: z.number().int().min(1).openapi({ example: 2 }),
        probability: z.number().min(0).max(1).openapi({ example: 0.93 }),
      })
      .nullable()
      .openapi('CustomerCluster', {
        description:
          'The Gaussian-mixture cluster (1 = highest mean lifetime value among the training customers) and ' +
          'its posterior probability. Null like segment.',
      }),
  })
  .openapi('CustomerValueResult');

export const CustomerValueBatchResultSchema = z
  .object({ requestId: z.string(), modelVersion: z.string(), results: z.array(CustomerValueResultSchema) })
  .openapi('CustomerValueBatchResult');
