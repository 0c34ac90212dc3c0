import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Every monitoring threshold, with the defaults users know (PSI bands of credit-risk practice,
 * Evidently's Wasserstein/std ≥ 0.1). Checked-in defaults live in `config/monitoring.json`; flags and
 * the API may override single values. Definitions and rationale: `docs/monitoring.md`.
 */
export const MonitoringThresholdsSchema = z
  .object({
    /** PSI at or above this is "moderate" (below: "stable"). */
    psiModerate: z.number().positive().default(0.1),
    /** PSI at or above this is "major". */
    psiMajor: z.number().positive().default(0.25),
    /** Wasserstein distance divided by the reference std at or above this counts as drift. */
    wassersteinPerStd: z.number().positive().default(0.1),
    /**
     * Which statistics must agree for a column to "drift": `both` (default: PSI ≥ psiModerate AND
     * Wasserstein/std ≥ wassersteinPerStd), `psi` (PSI ≥ psiMajor alone), `wasserstein` alone, or `either`.
     */
    driftRule: z.enum(['both', 'psi', 'wasserstein', 'either']).default('both'),
    /**
     * Categorical columns (at most `maxCategoricalValues` distinct values in the reference: flags,
     * levels) drift when the Jensen–Shannon distance (log base 2) of their category shares reaches
     * this, whatever `driftRule` says (Evidently's test and threshold for categorical columns).
     */
    jensenShannon: z.number().positive().max(1).default(0.1),
    /** A reference column with at most this many distinct values is categorical (Evidently: 5). */
    maxCategoricalValues: z.number().int().min(1).max(10).default(5),
    /** The window is "drifted" when at least this share of the evaluated features drift. */
    datasetDriftShare: z.number().min(0).max(1).default(0.5),
    /** Fewer logged rows than this in the window: drift is not evaluated ("insufficient-data"). */
    minWindowRows: z.number().int().positive().default(200),
    /** Share used in place of an empty bin in PSI, so the logarithm stays finite. */
    psiEpsilon: z.number().positive().default(1e-4),
    /** Data quality: alert when a feature's missing share in the window reaches this. */
    maxMissingShare: z.number().min(0).max(1).default(0.01),
    /** Data quality: alert when a feature's out-of-training-range share reaches this. */
    maxOutOfRangeShare: z.number().min(0).max(1).default(0.05),
    /** Data quality: alert when the share of rejected (4xx) requests reaches this. */
    maxRejectedShare: z.number().min(0).max(1).default(0.05),
    /** Ops: alert when the share of 5xx answers reaches this. */
    maxServerErrorShare: z.number().min(0).max(1).default(0.01),
    /** Ops: alert when the p99 latency of an endpoint reaches this many milliseconds. */
    maxP99LatencyMs: z.number().positive().default(100),
    /** Live performance is judged only with at least this many labelled predictions. */
    minLabelledRows: z.number().int().positive().default(100),
    /** Live performance: churn ROC AUC below this alerts. */
    minRocAuc: z.number().min(0).max(1).default(0.6),
    /** Live performance: churn Brier score above this alerts. */
    maxBrier: z.number().min(0).max(1).default(0.25),
    /** Live performance: value calibration (Σ predicted / Σ actual) outside [1/x, x] alerts. */
    maxCalibrationRatio: z.number().min(1).default(1.5),
  })
  .strict();

export type MonitoringThresholds = z.infer<typeof MonitoringThresholdsSchema>;

/** The defaults of {@link MonitoringThresholdsSchema}. */
export const DEFAULT_THRESHOLDS: MonitoringThresholds = MonitoringThresholdsSchema.parse({});

/**
 * Read thresholds from a JSON file (missing keys take defaults); a missing file gives the defaults.
 *
 * @example
 * const thresholds = loadThresholds('config/monitoring.json', { psiMajor: 0.3 });
 */
export function loadThresholds(path: string | undefined, overrides: Partial<MonitoringThresholds> = {}) {
  let fromFile: unknown = {};
  if (path) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      try {
        fromFile = JSON.parse(text);
      } catch (error) {
        throw new Error(`${path}: not valid JSON (${(error as Error).message}); fix the file or remove it.`);
      }
    }
  }
  const parsed = MonitoringThresholdsSchema.safeParse({ ...(fromFile as object), ...overrides });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`monitoring thresholds${path ? ` in ${path}` : ''} are invalid: ${issues}`);
  }
  return parsed.data;
}
