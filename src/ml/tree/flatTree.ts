import type { BinnedMatrix } from '../histogram/binning.ts';
import type { GrownTree } from './grower.ts';

/**
 * One tree of an artifact, as plain JSON-ready parallel arrays (scikit-learn's `_tree`, XGBoost's
 * JSON): `-1` in `feature`/`left`/`right` marks a leaf; a row goes left when
 * `x[feature] <= threshold` or `x[feature]` is NaN. `value` is kept for internal nodes too (what the
 * node would predict), and `cover` is the weight that reached the node; both feed path explanations.
 */
export interface FlatTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
}

/** The serving arrays of a grown tree (bins and row ranges stay behind). */
export function toFlatTree(tree: GrownTree): FlatTree {
  return {
    feature: tree.feature.slice(),
    threshold: tree.threshold.slice(),
    left: tree.left.slice(),
    right: tree.right.slice(),
    value: tree.value.slice(),
    cover: tree.cover.slice(),
  };
}

/**
 * The leaf a binned row reaches (out-of-bag rows, validation rows, rows left out by subsampling).
 * Identical to the real-valued walk: `bin ≤ binThreshold` ⇔ `x ≤ threshold`, missing bin 0 goes left.
 */
export function leafOfBinnedRow(tree: GrownTree, data: BinnedMatrix, row: number): number {
  const { feature, binThreshold, left, right } = tree;
  let node = 0;
  while (left[node] !== -1) {
    node = data.bins[feature[node]][row] <= binThreshold[node] ? left[node] : right[node];
  }
  return node;
}

/** Sum of split gains and count of splits per feature (for `featureImportances`). */
export function accumulateImportances(
  tree: GrownTree,
  gainByFeature: Float64Array,
  splitsByFeature: Float64Array,
) {
  for (let node = 0; node < tree.feature.length; node++) {
    const f = tree.feature[node];
    if (f < 0) continue;
    gainByFeature[f] += tree.gain[node];
    splitsByFeature[f] += 1;
  }
}

/** Scale to sum 1 (all zeros stay zeros: a model of stumps-free trees has no importance to share). */
export function normalise(values: Float64Array): number[] {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return Array.from(values, (v) => (total > 0 ? v / total : 0));
}
