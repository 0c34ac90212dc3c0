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

/**
 * Missing and out-of-training-range values per feature over the whole window, and over all features
 * per time bucket, in one pass over the columns (each row's bucket is taken from its logged time).
 *
 * @example
 * const { features, overTime } = checkFeatures(scored, model.featureNames, referenceColumns(model), window);
 */
export function checkFeatures(
  scored: Pick<ScoredWindow, 'rows' | 'tsMs' | 'columns'>,
  featureNames: readonly string[],
  refs: readonly (ColumnReference | null)[],
  window: TimeWindow,
): { features: FeatureQuality[]; overTime: FeatureQualityBucket[] } {
  const buckets = window.buckets;
  const bucketOf = new Int32Array(scored.rows);
  const rowsIn = new Float64Array(buckets);
  for (let i = 0; i < scored.rows; i++) {
    const b = Math.floor((scored.tsMs[i] - window.fromMs) / window.bucketMs);
    bucketOf[i] = b;
    rowsIn[b]++;
  }
  const missingIn = new Float64Array(buckets);
  const outOfRangeIn = new Float64Array(buckets);
  const flaggedIn = new Float64Array(buckets);
  const worstCount = new Float64Array(buckets);
  const worstIndex = new Int32Array(buckets).fill(-1);
  const features = featureNames.map((name, j): FeatureQuality => {
    const values = scored.columns[j];
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
    // Strictly greater: on a tie the earlier feature stays, so the answer does not flicker.
    for (let b = 0; b < buckets; b++) {
      if (flaggedIn[b] > worstCount[b]) {
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
  });
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
  return { features, overTime };
}
