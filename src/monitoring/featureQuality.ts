import type { ColumnReference } from '../registry/reference.ts';
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
 * per time bucket, counted row by row as the window streams past (each row's bucket is taken from its
 * logged time): the state is a few counters per feature and bucket, whatever the window's length.
 *
 * @example
 * const checks = new FeatureChecks(model.featureNames, referenceColumns(model), window);
 * scanScoredWindow(db, opts, (_r, vector, tsMs) => checks.add(tsMs, vector));
 * const { features, overTime } = checks.result();
 */
export class FeatureChecks {
  private rows = 0;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly missing: Float64Array;
  private readonly below: Float64Array;
  private readonly above: Float64Array;
  private readonly rowsIn: Float64Array;
  private readonly missingIn: Float64Array;
  private readonly outOfRangeIn: Float64Array;
  /** Flagged (missing or out-of-range) values per bucket and feature, `b * features + j`. */
  private readonly flaggedIn: Float64Array;

  constructor(
    private readonly featureNames: readonly string[],
    refs: readonly (ColumnReference | null)[],
    private readonly window: TimeWindow,
  ) {
    const width = featureNames.length;
    this.min = Float64Array.from(featureNames, (_, j) => refs[j]?.min ?? Number.NEGATIVE_INFINITY);
    this.max = Float64Array.from(featureNames, (_, j) => refs[j]?.max ?? Number.POSITIVE_INFINITY);
    this.missing = new Float64Array(width);
    this.below = new Float64Array(width);
    this.above = new Float64Array(width);
    this.rowsIn = new Float64Array(window.buckets);
    this.missingIn = new Float64Array(window.buckets);
    this.outOfRangeIn = new Float64Array(window.buckets);
    this.flaggedIn = new Float64Array(window.buckets * width);
  }

  add(tsMs: number, vector: Float64Array): void {
    const b = Math.floor((tsMs - this.window.fromMs) / this.window.bucketMs);
    const width = this.featureNames.length;
    this.rows++;
    this.rowsIn[b]++;
    for (let j = 0; j < width; j++) {
      const v = vector[j];
      if (Number.isNaN(v)) {
        this.missing[j]++;
        this.missingIn[b]++;
      } else if (v < this.min[j]) {
        this.below[j]++;
        this.outOfRangeIn[b]++;
      } else if (v > this.max[j]) {
        this.above[j]++;
        this.outOfRangeIn[b]++;
      } else continue;
      this.flaggedIn[b * width + j]++;
    }
  }

  result(): { features: FeatureQuality[]; overTime: FeatureQualityBucket[] } {
    const n = this.rows;
    const width = this.featureNames.length;
    const features = this.featureNames.map(
      (name, j): FeatureQuality => ({
        name,
        missing: this.missing[j],
        missingShare: n ? this.missing[j] / n : 0,
        belowRange: this.below[j],
        aboveRange: this.above[j],
        outOfRangeShare: n ? (this.below[j] + this.above[j]) / n : 0,
      }),
    );
    const overTime = Array.from({ length: this.window.buckets }, (_, b): FeatureQualityBucket => {
      // Strictly greater: on a tie the earlier feature stays, so the answer does not flicker.
      let worst = -1;
      let worstCount = 0;
      for (let j = 0; j < width; j++) {
        if (this.flaggedIn[b * width + j] > worstCount) {
          worstCount = this.flaggedIn[b * width + j];
          worst = j;
        }
      }
      const cells = this.rowsIn[b] * width;
      return {
        rows: this.rowsIn[b],
        missingValues: this.missingIn[b],
        outOfRangeValues: this.outOfRangeIn[b],
        missingShare: cells ? this.missingIn[b] / cells : 0,
        outOfRangeShare: cells ? this.outOfRangeIn[b] / cells : 0,
        worstFeature: worst >= 0 ? this.featureNames[worst] : null,
      };
    });
    return { features, overTime };
  }
}
