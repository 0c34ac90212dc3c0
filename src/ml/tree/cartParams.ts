import { checkCount } from '../checkInput.ts';

/**
 * How many features a split may look at: `'sqrt'`, `'log2'`, `'all'`, a fraction in (0, 1), or an
 * integer count ≥ 1 (so `1` means one feature; write `'all'` for every feature).
 */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/** CART hyperparameters shared by decision trees and random forests (JSON-ready: `null` = no limit). */
export interface CartParams {
  /** Deepest level a node may be split at (root is depth 0); `null` grows until leaves are pure. */
  maxDepth: number | null;
  /** Largest number of leaves (grown best-first when set); `null` = no limit (depth-first). */
  maxLeaves: number | null;
  /** A node needs at least this many rows to be split. */
  minSamplesSplit: number;
  /** Each child keeps at least this many rows. */
  minSamplesLeaf: number;
  /** Features considered at each split (a fresh random subset per node when fewer than all). */
  maxFeatures: MaxFeatures;
  /** Bins per feature, at most 255 (bin 0 is for missing values). */
  maxBins: number;
  /** Seed of every random choice (feature subsets, bootstrap). */
  seed: number;
}

/** The CART defaults every tree model starts from (scikit-learn's: fully grown, all features, seed 0). */
export const CART_DEFAULTS: CartParams = {
  maxDepth: null,
  maxLeaves: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'all',
  maxBins: 255,
  seed: 0,
};

/** Number of features a split considers, out of `nFeatures`. */
export function resolveMaxFeatures(model: string, maxFeatures: MaxFeatures, nFeatures: number): number {
  let k: number;
  if (maxFeatures === 'all') k = nFeatures;
  else if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(nFeatures));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(nFeatures));
  else if (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures < 1)
    k = Math.floor(maxFeatures * nFeatures);
  else if (typeof maxFeatures === 'number' && Number.isInteger(maxFeatures) && maxFeatures >= 1)
    k = maxFeatures;
  else {
    throw new Error(
      `${model}: maxFeatures must be 'sqrt', 'log2', 'all', a fraction in (0, 1) or an integer >= 1; got ${String(maxFeatures)}.`,
    );
  }
  return Math.min(nFeatures, Math.max(1, k));
}

export function checkCartParams(model: string, params: CartParams): void {
  checkCount(model, 'maxDepth', params.maxDepth, 0, true);
  checkCount(model, 'maxLeaves', params.maxLeaves, 2, true);
  checkCount(model, 'minSamplesSplit', params.minSamplesSplit, 2);
  checkCount(model, 'minSamplesLeaf', params.minSamplesLeaf, 1);
  checkCount(model, 'seed', params.seed, 0);
}
