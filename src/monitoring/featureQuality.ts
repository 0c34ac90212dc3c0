import type { ColumnReference } from '../registry/reference.ts';
import type { ScoredWindow } from './scoredWindow.ts';
import type { TimeWindow } from './timeWindow.ts';

export interface FeatureQuality {
  name: string;
  missing: number;
  missingShare: number;
  /** Values below the training minimum / above the training maximum. */
  belowRange: number;
  aboveRange: number;
  outOfRangeShare: number;
}

/** Missing and out-of-range values of one task in one time bucket, over all its features together. */
export interface FeatureQualityBucket {
  rows: number;
  /** Counted per value, so at most `rows × features`. */
  missingValues: number;
  outOfRangeValues: number;
  /** `missingValues / (rows × features)`; 0 for an empty bucket. */
  missingShare: number;
  outOfRangeShare: number;
  /** The feature with the most missing plus out-of-range values in the bucket; null when none has any. */
  worstFeature: string | null;
}

/** The rows of a window with some of its feature columns (`featureIndexes`; default all). */
type ColumnPass = Pick<ScoredWindow, 'rows' | 'tsMs' | 'columns'> & { featureIndexes?: readonly number[] };

/**
 * Missing and out-of-training-range values per feature over the whole window, and over all features
 * per time bucket (each row's bucket is taken from its logged time). The columns may come in
 * several passes over the same rows (`scoredWindowInPasses`, memory bounded), each column once.
 *
 * @example
 * const { features, overTime } = checkFeatures([scored], model.featureNames, referenceColumns(model), window);
 */
export function checkFeatures(
  passes: Iterable<ColumnPass>,
  featureNames: readonly string[],
  refs: readonly (ColumnReference | null)[],
  window: TimeWindow,
): { features: FeatureQuality[]; overTime: FeatureQualityBucket[]; rows: number } {
  const buckets = window.buckets;
  let bucketOf = new Int32Array(0);
  const rowsIn = new Float64Array(buckets);
  const missingIn = new Float64Array(buckets);
  const outOfRangeIn = new Float64Array(buckets);
  const flaggedIn = new Float64Array(buckets);
  const worstCount = new Float64Array(buckets);
  const worstIndex = new Int32Array(buckets).fill(-1);
  const byFeature: FeatureQuality[] = [];
  let rows = 0;
  let first = true;
  for (const scored of passes) {
    if (first) {
      first = false;
      rows = scored.rows;
      bucketOf = new Int32Array(scored.rows);
      for (let i = 0; i < scored.rows; i++) {
        const b = Math.floor((scored.tsMs[i] - window.fromMs) / window.bucketMs);
        bucketOf[i] = b;
        rowsIn[b]++;
      }
    }
    for (const j of scored.featureIndexes ?? featureNames.map((_, k) => k)) {
      byFeature[j] = featureQuality(j, scored.columns[j]);
    }
  }
  // Ties in worstFeature go to the earlier feature whatever the pass order: see featureQuality.
  const features = featureNames.map((name, j) => byFeature[j] ?? featureQuality(j, new Float64Array(0)));
  function featureQuality(j: number, values: Float64Array): FeatureQuality {
    const name = featureNames[j];
    const ref = refs[j];
    const min = ref ? ref.min : Number.NEGATIVE_INFINITY;
    const max = ref ? ref.max : Number.POSITIVE_INFINITY;
    let missing = 0;
    let belowRange = 0;
    let aboveRange = 0;
    flaggedIn.fill(0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const b = bucketOf[i];
      if (Number.isNaN(v)) {
        missing++;
        missingIn[b]++;
      } else if (v < min) {
        belowRange++;
        outOfRangeIn[b]++;
      } else if (v > max) {
        aboveRange++;
        outOfRangeIn[b]++;
      } else continue;
      flaggedIn[b]++;
    }
    // Strictly greater, or equal from an earlier feature: on a tie the earlier feature wins, so the
    // answer does not flicker.
    for (let b = 0; b < buckets; b++) {
      if (
        flaggedIn[b] > worstCount[b] ||
        (flaggedIn[b] === worstCount[b] && flaggedIn[b] > 0 && j < worstIndex[b])
      ) {
        worstCount[b] = flaggedIn[b];
        worstIndex[b] = j;
      }
    }
    const n = values.length;
    return {
      name,
      missing,
      missingShare: n ? missing / n : 0,
      belowRange,
      aboveRange,
      outOfRangeShare: n ? (belowRange + aboveRange) / n : 0,
    };
  }
  const overTime = Array.from({ length: buckets }, (_, b): FeatureQualityBucket => {
    const cells = rowsIn[b] * featureNames.length;
    return {
      rows: rowsIn[b],
      missingValues: missingIn[b],
      outOfRangeValues: outOfRangeIn[b],
      missingShare: cells ? missingIn[b] / cells : 0,
      outOfRangeShare: cells ? outOfRangeIn[b] / cells : 0,
      worstFeature: worstIndex[b] >= 0 ? featureNames[worstIndex[b]] : null,
    };
  });
  return { features, overTime, rows };
}
