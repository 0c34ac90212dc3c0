import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The named segments in the order they are assigned (a customer gets the first that applies). */
export const SEGMENT_NAMES = ['churn-risk', 'high-value', 'missed-opportunity', 'other'] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

const share = z.number().gt(0).lt(1);

/** Thresholds of the named segments and the horizon of predicted value; `config/segments.json`. */
export const segmentConfigSchema = z
  .object({
    /** Days of future revenue that "predicted CLV" covers. */
    horizonDays: z.number().int().min(7).max(3650).default(182),
    highValue: z
      .object({ topShare: share.default(0.2) })
      .strict()
      .default({ topShare: 0.2 }),
    churnRisk: z
      .object({ pastValueTopShare: share.default(0.4), pAliveBelow: share.default(0.5) })
      .strict()
      .default({ pastValueTopShare: 0.4, pAliveBelow: 0.5 }),
    missedOpportunity: z
      .object({
        predictedValueTopShare: share.default(0.4),
        recentDays: z.union([z.literal(30), z.literal(90), z.literal(180)]).default(90),
        maxRecentPurchases: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ predictedValueTopShare: 0.4, recentDays: 90, maxRecentPurchases: 0 }),
    mixture: z
      .object({
        maxComponents: z.number().int().min(1).max(12).default(8),
        covarianceTypes: z
          .array(z.enum(['full', 'diag']))
          .min(1)
          .default(['full']),
        nInit: z.number().int().min(1).max(10).default(2),
        /** Variance floor on the standardised features: ties (one-time buyers) cannot collapse a component to a point. */
        regCovar: z.number().min(0).max(1).default(1e-3),
      })
      .strict()
      .default({ maxComponents: 8, covarianceTypes: ['full'], nInit: 2, regCovar: 1e-3 }),
    ltvProxy: z
      .object({
        horizonDays: z.number().int().min(28).max(730).default(182),
        /** Quantiles of the training window's positive spend that split buyers into buckets. */
        quantiles: z
          .array(share)
          .min(1)
          .max(8)
          .default([1 / 3, 2 / 3]),
      })
      .strict()
      .default({ horizonDays: 182, quantiles: [1 / 3, 2 / 3] }),
  })
  .strict();

export type SegmentConfig = z.infer<typeof segmentConfigSchema>;

export const DEFAULT_SEGMENT_CONFIG_PATH = 'config/segments.json';
export const DEFAULT_SEGMENT_CONFIG: SegmentConfig = segmentConfigSchema.parse({});

/** Read and validate a segment config; a bad one is one line naming the field. */
export function loadSegmentConfig(path: string): SegmentConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read segment config ${path}: ${(error as Error).message}`);
  }
  const parsed = segmentConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`segment config ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  return parsed.data;
}
