import { z } from 'zod';
import { CustomerSegmentationSchema } from '../segments/customerSegmentation.ts';

/**
 * The model registry on disk, shared by training (writes) and the API (reads):
 *
 *   models/<task>/<version>/model.json      ModelBundle: the artifact and everything about it
 *   models/<task>/<version>/metrics.json    test metrics of every model trained in that run
 *   models/<task>/<version>/reference.json  training distributions (src/registry/reference.ts)
 *   models/<task>/<version>/report.md       the run's report, figures as SVG beside it
 *   models/<task>/production.json           ProductionPointer: the served version
 *   models/<task>/history.jsonl             one PromotionDecision per line
 */
export const TASKS = ['churn', 'session-value'] as const;

/** `YYYYMMDDTHHMMSSZ-<8 hex>`: sorts by creation time as a plain string, and is one plain folder name. */
export const VERSION_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

/**
 * A version id wherever one is read (bundle, pointer, `--to`, reload): only the registry's own
 * format, so a version can never name a path outside its task folder (`../../elsewhere/…`).
 */
export const VersionIdSchema = z
  .string()
  .regex(VERSION_ID_PATTERN, 'must be a version id YYYYMMDDTHHMMSSZ-<8 hex digits>');
export const TaskSchema = z.enum(TASKS);
export type Task = z.infer<typeof TaskSchema>;

/** The customer side's task: lifetime value from transaction logs (BG/NBD × Gamma-Gamma + a supervised 90-day model). */
export const CUSTOMER_TASK = 'customer-value' as const;
export type CustomerTask = typeof CUSTOMER_TASK;
/** Every task the registry holds: the session tasks and the customer task. */
export const REGISTRY_TASKS = [...TASKS, CUSTOMER_TASK] as const;
export const RegistryTaskSchema = z.enum(REGISTRY_TASKS);
export type RegistryTask = z.infer<typeof RegistryTaskSchema>;

export const DataFingerprintSchema = z.object({
  files: z.array(
    z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative(), sha256: z.string() }),
  ),
  rows: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
});
export type DataFingerprint = z.infer<typeof DataFingerprintSchema>;

/** The envelope of an ML artifact (src/ml); its inference code validates the rest on load. */
const mlArtifactEnvelope = z.object({
  kind: z.string(),
  schemaVersion: z.number().int(),
  featureNames: z.array(z.string()),
  params: z.unknown(),
  state: z.unknown(),
});

export const ModelBundleSchema = z.object({
  bundleSchemaVersion: z.literal(1),
  task: RegistryTaskSchema,
  /** Sortable and unique: `YYYYMMDDTHHMMSSZ-<8 hex of data+params hash>`. */
  version: VersionIdSchema,
  createdAt: z.string(),
  /** Which model family won, e.g. "gradient-boosting". */
  modelName: z.string(),
  /** The label: "churn" or "remainingRevenue". */
  target: z.string(),
  featureVersion: z.string(),
  featureNames: z.array(z.string()),
  /** The ML artifact (src/ml); validated again by its inference code on load. */
  artifact: mlArtifactEnvelope,
  /** Churn only: the decision threshold chosen on validation. */
  threshold: z.number().min(0).max(1).optional(),
  /** Session value: split-conformal interval calibration fitted on validation (src/ml/conformal.ts). */
  interval: z
    .object({
      method: z.literal('split-conformal'),
      power: z.number().min(0).max(2),
      floor: z.number().positive(),
      rows: z.number().int().positive(),
      levels: z.array(z.number().gt(0).lt(1)),
      quantiles: z.array(z.number().nonnegative()),
    })
    .refine((c) => c.levels.length === c.quantiles.length, { message: 'one quantile per level' })
    .optional(),
  /**
   * Churn: the pages-ahead hazard model of the survival view (src/ml/inference/survival.ts); its
   * features are the bundle's plus `pagesAhead`.
   */
  survival: z
    .object({
      artifact: mlArtifactEnvelope,
    })
    .optional(),
  /**
   * Customer value: what places one customer in the segments (thresholds, RFM edges, mixture,
   * training profiles; src/segments/customerSegmentation.ts). Absent in bundles fitted before it.
   */
  segmentation: CustomerSegmentationSchema.optional(),
  params: z.record(z.string(), z.unknown()),
  /** Test-set metrics of this model. */
  metrics: z.record(z.string(), z.number()),
  dataFingerprint: DataFingerprintSchema,
  /** Git commit of the code that trained it, when known. */
  codeVersion: z.string().nullable(),
});
export type ModelBundle = z.infer<typeof ModelBundleSchema>;

export const ProductionPointerSchema = z.object({
  task: RegistryTaskSchema,
  version: VersionIdSchema,
  promotedAt: z.string(),
  /** The version served before this one (what rollback returns to). */
  previousVersion: VersionIdSchema.nullable(),
  reason: z.string(),
});
export type ProductionPointer = z.infer<typeof ProductionPointerSchema>;

/** One guard metric compared in a promotion decision. */
export const GuardCheckSchema = z.object({
  metric: z.string(),
  candidate: z.number().nullable(),
  production: z.number().nullable(),
  /** How much worse the candidate may be (in the metric's own units). */
  tolerance: z.number(),
  passed: z.boolean(),
});
export type GuardCheck = z.infer<typeof GuardCheckSchema>;

/** One line of `models/<task>/history.jsonl`: what a train, retrain or rollback decided, and why. */
export const PromotionDecisionSchema = z.object({
  task: RegistryTaskSchema,
  decidedAt: z.string(),
  /** `promoted`: the candidate now serves; `kept`: production unchanged; `rolled-back`: a rollback. */
  action: z.enum(['promoted', 'kept', 'rolled-back']),
  candidateVersion: z.string().nullable(),
  /** The version served before the decision (null when there was none). */
  productionVersionBefore: z.string().nullable(),
  /** The version served after the decision. */
  productionVersionAfter: z.string().nullable(),
  mainMetric: z.string().nullable(),
  candidateScore: z.number().nullable(),
  productionScore: z.number().nullable(),
  /** Required improvement on the main metric (in its own units). */
  requiredMargin: z.number().nullable(),
  guards: z.array(GuardCheckSchema),
  reason: z.string(),
  /**
   * The test sessions a retrain compared on: those neither version was fitted on
   * (`excludedSeenInTraining` were dropped), and the least it needs to decide. Absent on decisions
   * without a comparison on data (rollbacks, first models) and on older lines.
   */
  evaluation: z
    .object({
      sessions: z.number().int().nonnegative(),
      excludedSeenInTraining: z.number().int().nonnegative(),
      minSessions: z.number().int().nonnegative(),
    })
    .optional(),
});
export type PromotionDecision = z.infer<typeof PromotionDecisionSchema>;
