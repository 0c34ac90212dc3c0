import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Task } from '../registry/index.ts';

const ParamsSchema = z.record(z.string(), z.unknown());
/** Each key lists the values to try; the grid is their cartesian product over `params`. */
const GridSchema = z.record(z.string(), z.array(z.unknown()).min(1));

export const CHURN_FAMILIES = [
  'logistic-regression',
  'decision-tree',
  'random-forest',
  'gradient-boosting',
] as const;
export const VALUE_FAMILIES = ['linear', 'polynomial', 'gradient-boosting'] as const;

const ModelSpec = <F extends readonly [string, ...string[]]>(families: F) =>
  z.object({
    /** Shown in tables and stored as the bundle's modelName. */
    name: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and dashes'),
    family: z.enum(families),
    params: ParamsSchema.default({}),
    grid: GridSchema.optional(),
  });

/** A promotion comparison on one metric; `relative` margins are a share of the production score. */
const MetricRuleSchema = z.object({
  metric: z.string(),
  direction: z.enum(['higher', 'lower']),
  relative: z.boolean().default(false),
});

export const PromotionRuleSchema = z.object({
  /** The candidate must beat production on this metric by at least `margin`. */
  main: MetricRuleSchema.extend({ margin: z.number().nonnegative() }),
  /** And must not be worse than production by more than `tolerance` on each of these. */
  guards: z.array(MetricRuleSchema.extend({ tolerance: z.number().nonnegative() })),
  /**
   * Fewest test sessions that neither candidate nor production was fitted on for a retrain to
   * decide; with fewer, production is kept and the decision says why.
   */
  minEvaluationSessions: z.number().int().positive().default(200),
});
export type PromotionRule = z.infer<typeof PromotionRuleSchema>;

export const ThresholdRuleSchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('max-f1') }),
  z.object({ strategy: z.literal('min-precision'), precision: z.number().gt(0).lt(1) }),
]);
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>;

export const TrainingConfigSchema = z.object({
  /** Train on at most this many training rows (a random, seeded sample); null = all. */
  maxTrainRows: z.number().int().positive().nullable().default(null),
  /** Rows scored for permutation importance (a seeded sample of the test split). */
  permutationRows: z.number().int().positive().default(20000),
  seed: z.number().int().nonnegative().default(7),
  churn: z.object({
    threshold: ThresholdRuleSchema,
    /** Validation metric that picks the candidate (and the grid point), higher is better. */
    selectionMetric: z.enum(['rocAuc', 'prAuc']),
    models: z.array(ModelSpec(CHURN_FAMILIES)).min(1),
  }),
  'session-value': z.object({
    /** Power of the Tweedie deviance reported and used for selection (1 < p < 2 for revenue). */
    tweediePower: z.number().gt(1).lt(2),
    /** Validation metric that picks the candidate (and the grid point), lower is better. */
    selectionMetric: z.enum(['tweedieDeviance', 'rmse', 'mae']),
    models: z.array(ModelSpec(VALUE_FAMILIES)).min(1),
  }),
  promotion: z.object({ churn: PromotionRuleSchema, 'session-value': PromotionRuleSchema }),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type ModelSpecOf<T extends Task> = TrainingConfig[T]['models'][number];
export type AnyModelSpec = ModelSpecOf<'churn'> | ModelSpecOf<'session-value'>;

export const DEFAULT_TRAINING_CONFIG_PATH = 'config/training.json';

/**
 * Read and validate a training config; every problem is reported with its path in the file.
 *
 * @example
 * const config = loadTrainingConfig('config/training.json');
 */
export function loadTrainingConfig(path: string = DEFAULT_TRAINING_CONFIG_PATH): TrainingConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Training config ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = TrainingConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`Training config ${path} is invalid:\n${issues}`);
  }
  return parsed.data;
}
