import type { BinnedMatrix } from '../histogram/binning.ts';
import { BIN_STRIDE, FEATURE_STRIDE } from '../histogram/histogram.ts';
import type { SplitCriterion } from './criterion.ts';

/** The best split of a node: rows with `bin ≤ bin` (missing included) go left. */
export interface SplitChoice {
  feature: number;
  bin: number;
  gain: number;
  left0: number;
  left1: number;
  leftCount: number;
}

/** One node's split search: its histogram over `features`, its two channel totals and row count. */
export interface SplitSearch {
  hist: Float64Array;
  data: BinnedMatrix;
  features: Int32Array;
  criterion: SplitCriterion;
  total0: number;
  total1: number;
  totalCount: number;
  minSamplesLeaf: number;
  countRows: boolean;
}

/**
 * Scan each feature's histogram left to right and keep the split of highest gain. The missing bin
 * (0) always stays on the left, as in inference, so the first candidate boundary is after bin 1.
 * Returns null when no split has positive gain under the constraints. Without row counts
 * (boosting), children are bounded by the criterion (minimum hessian) and by their rows estimated
 * from the hessian.
 */
export function findBestSplit({
  hist,
  data,
  features,
  criterion,
  total0,
  total1,
  totalCount,
  minSamplesLeaf,
  countRows,
}: SplitSearch): SplitChoice | null {
  const parentScore = criterion.score(total0, total1);
  // Without row counts, a child's rows are estimated from its hessian share (LightGBM's cnt_factor);
  // rounding as LightGBM does, estimate < minSamplesLeaf − ½ means fewer than minSamplesLeaf rows.
  const estimateRows = !countRows && minSamplesLeaf > 1;
  const rowsPerHessian = totalCount / total1;
  const fewestRows = minSamplesLeaf - 0.5;
  let best: SplitChoice | null = null;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const base = f * FEATURE_STRIDE;
    const lastBoundary = data.nBins[f] - 2;
    let left0 = hist[base];
    let left1 = hist[base + 1];
    let leftCount = hist[base + 2];
    for (let b = 1; b <= lastBoundary; b++) {
      const at = base + b * BIN_STRIDE;
      left0 += hist[at];
      left1 += hist[at + 1];
      leftCount += hist[at + 2];
      if (countRows) {
        // An empty bin repeats the previous boundary; a child below minSamplesLeaf is not allowed.
        if (hist[at + 2] === 0 || leftCount < minSamplesLeaf) continue;
        if (totalCount - leftCount < minSamplesLeaf) break;
      } else if (estimateRows) {
        const leftRows = left1 * rowsPerHessian;
        if (leftRows < fewestRows) continue;
        if (totalCount - leftRows < fewestRows) break;
      }
      const right0 = total0 - left0;
      const right1 = total1 - left1;
      if (!criterion.childrenAllowed(left0, left1, right0, right1)) continue;
      const delta = criterion.score(left0, left1) + criterion.score(right0, right1) - parentScore;
      const gain = criterion.splitGain(delta, total0, total1);
      if (gain > 0 && (best === null || gain > best.gain)) {
        best = { feature: f, bin: b, gain, left0, left1, leftCount };
      }
    }
  }
  return best;
}
