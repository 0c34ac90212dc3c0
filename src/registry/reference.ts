import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RegistryError } from './errors.ts';
import { REFERENCE_FILE } from './paths.ts';
import { describeIssues, readJsonFile } from './readJsonFile.ts';

/**
 * The training distribution of one numeric column (a feature or the model's prediction), kept in
 * `reference.json` beside every model version so drift can be measured without the training data.
 *
 * Binning: `cuts` are ascending interior cut points; a value v falls in bin
 * `i = number of cuts c with c < v` (so bin 0 is (-inf, cuts[0]], the last bin (cuts[k-1], +inf)).
 * `proportions[i]` is the share of training rows in bin i (length cuts.length + 1).
 * `quantiles` are the 0 %, 1 %, …, 100 % quantiles (101 values) for binning-free distances.
 */
export const ColumnReferenceSchema = z.object({
  name: z.string(),
  count: z.number().int().nonnegative(),
  mean: z.number(),
  std: z.number().nonnegative(),
  min: z.number(),
  max: z.number(),
  cuts: z.array(z.number()),
  proportions: z.array(z.number().nonnegative()),
  quantiles: z.array(z.number()).length(101),
});
export type ColumnReference = z.infer<typeof ColumnReferenceSchema>;

export const ReferenceSchema = z.object({
  referenceSchemaVersion: z.literal(1),
  featureVersion: z.string(),
  rows: z.number().int().nonnegative(),
  features: z.array(ColumnReferenceSchema),
  prediction: ColumnReferenceSchema,
});
export type Reference = z.infer<typeof ReferenceSchema>;

const DEFAULT_BINS = 10;

/** Index of the bin `value` falls in (see {@link ColumnReferenceSchema} for the convention). */
export function binIndex(cuts: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Linear-interpolated quantile of sorted data (numpy's default, "linear"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Summarise one column: quantile cut points (deduplicated, so a column with few distinct values
 * gets one bin per value), bin shares, moments and 101 quantiles.
 *
 * @example
 * columnReference('pageDepth', Float64Array.of(0, 1, 1, 2)).proportions; // [0.25, 0.5, 0.25]
 */
export function columnReference(name: string, values: Float64Array, bins = DEFAULT_BINS): ColumnReference {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;

  const cuts: number[] = [];
  const distinct = new Set<number>();
  for (let i = 0; i < n && distinct.size <= bins; i++) distinct.add(sorted[i]);
  if (distinct.size <= bins) {
    // Few distinct values (flags, categories, counts): one bin per value, cut between values.
    const values = [...distinct].sort((a, b) => a - b);
    for (let i = 0; i < values.length - 1; i++) cuts.push(values[i]);
  } else {
    for (let b = 1; b < bins; b++) {
      const c = quantileSorted(sorted, b / bins);
      if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
    }
  }
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < n; i++) counts[binIndex(cuts, sorted[i])]++;
  const quantiles: number[] = [];
  for (let q = 0; q <= 100; q++) quantiles.push(n ? quantileSorted(sorted, q / 100) : 0);
  return {
    name,
    count: n,
    mean,
    std,
    min: n ? sorted[0] : 0,
    max: n ? sorted[n - 1] : 0,
    cuts,
    proportions: counts.map((c) => (n ? c / n : 0)),
    quantiles,
  };
}

/** The whole `reference.json` of a model version. */
export function buildReference(
  featureVersion: string,
  featureNames: readonly string[],
  columns: readonly Float64Array[],
  predictions: Float64Array,
): Reference {
  return {
    referenceSchemaVersion: 1,
    featureVersion,
    rows: predictions.length,
    features: featureNames.map((name, j) => columnReference(name, columns[j])),
    prediction: columnReference('prediction', predictions),
  };
}

/**
 * The `reference.json` of a version folder, or null when it has none; an unreadable or invalid one
 * is a RegistryError naming the file and the fix.
 *
 * @example
 * const reference = readReference(versionDir('models', 'churn', version)); // Reference | null
 */
export function readReference(versionFolder: string): Reference | null {
  const path = join(versionFolder, REFERENCE_FILE);
  if (!existsSync(path)) return null;
  const parsed = ReferenceSchema.safeParse(readJsonFile(path, 'reference'));
  if (!parsed.success) {
    throw new RegistryError(
      `Reference ${path} is invalid (${describeIssues(parsed.error.issues)}); retrain to rebuild it.`,
      path,
    );
  }
  return parsed.data;
}
