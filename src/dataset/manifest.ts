import { z } from 'zod';
import { REJECT_REASONS, type RejectReason } from '../data/parse/index.ts';

const count = z.number().int().nonnegative();
const splitCounts = z.object({ rows: count, sessions: count });

/**
 * `manifest.json` beside `features.arrow`: what was read, how, and what was written
 * (docs/architecture.md, "Processed data"). Validated when read back.
 */
export const processedManifestSchema = z.object({
  featureVersion: z.string().min(1),
  featureNames: z.array(z.string().min(1)),
  /** Every column of `features.arrow`, in order. */
  columns: z.array(z.string().min(1)),
  createdAt: z.string(),
  inputs: z.array(
    z.object({
      path: z.string(),
      sizeBytes: count,
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      separator: z.string(),
      linesRead: count,
      pagesKept: count,
      rejected: count,
      oraclePath: z.string().nullable(),
    }),
  ),
  rows: count,
  sessions: count,
  splitFractions: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  splits: z.object({ train: splitCounts, validation: splitCounts, test: splitCounts }),
  separator: z.string(),
  sessionOrder: z.object({
    continuationRate: z.number().min(0).max(1),
    followRate: z.number().min(0).max(1),
    fallbackToPageLevel: z.boolean(),
    sessionsStartingLate: count,
    unterminatedSessions: count,
    rule: z.string(),
  }),
  rejected: z.record(z.enum(REJECT_REASONS), count),
  hasOracle: z.boolean(),
});

export type ProcessedManifest = z.infer<typeof processedManifestSchema> & {
  rejected: Record<RejectReason, number>;
};

export const FEATURES_FILE = 'features.arrow';
export const MANIFEST_FILE = 'manifest.json';
