import type { BinnedMatrix } from '../histogram/binning.ts';
import type { CartParams } from './cartParams.ts';
import { EntropyCriterion, GiniCriterion, type SplitCriterion, SquaredErrorCriterion } from './criterion.ts';
import { type GrownTree, growTree } from './grower.ts';

export type CartCriterionName = 'gini' | 'entropy' | 'squared_error';

export function cartCriterion(name: CartCriterionName): SplitCriterion {
  if (name === 'gini') return new GiniCriterion();
  if (name === 'entropy') return new EntropyCriterion();
  if (name === 'squared_error') return new SquaredErrorCriterion();
  throw new Error(
    `Unknown tree criterion "${String(name)}"; supported: gini, entropy (classification), squared_error.`,
  );
}

/**
 * Grow one CART tree on binned data: the channels are (w, w·y), so a leaf predicts the weighted mean
 * of y (P(y = 1) for 0/1 labels). Rows of zero weight (out of the bootstrap) are left out.
 * Decision trees and every tree of a random forest come through here.
 */
export function growCartTree(
  data: BinnedMatrix,
  y: Float64Array,
  weight: Float64Array,
  criterion: SplitCriterion,
  params: CartParams,
  maxFeaturesPerNode: number,
  rng: () => number,
): GrownTree {
  let nInTree = 0;
  for (let i = 0; i < weight.length; i++) if (weight[i] > 0) nInTree++;
  const rows = new Int32Array(nInTree);
  const weightedY = new Float64Array(weight.length);
  for (let i = 0, k = 0; i < weight.length; i++) {
    if (weight[i] > 0) rows[k++] = i;
    weightedY[i] = weight[i] * y[i];
  }
  const features = Int32Array.from({ length: data.nCols }, (_, f) => f);
  return growTree({
    data,
    rows,
    channel0: weight,
    channel1: weightedY,
    criterion,
    features,
    maxFeaturesPerNode,
    maxDepth: params.maxDepth ?? Number.POSITIVE_INFINITY,
    maxLeaves: params.maxLeaves ?? Number.POSITIVE_INFINITY,
    minSamplesSplit: params.minSamplesSplit,
    minSamplesLeaf: params.minSamplesLeaf,
    countRows: true,
    rng,
  });
}
