import { checkCount } from '../checkInput.ts';

/** Hyperparameters of the histogram gradient boosting engine (JSON-ready: `null` = no limit / off). */
export interface BoostingParams {
  /** Boosting rounds (trees), upper bound when early stopping. */
  nEstimators: number;
  /** Shrinkage applied to every leaf weight. */
  learningRate: number;
  /** Deepest split level (root = 0); `null` = no limit (then set `maxLeaves`). */
  maxDepth: number | null;
  /** Leaves per tree, grown best-first (leaf-wise, LightGBM); `null` = depth-wise up to `maxDepth`. */
  maxLeaves: number | null;
  /**
   * Minimum hessian sum in a child (XGBoost's min_child_weight); for squared error without weights
   * that is a minimum number of rows. Must be > 0 so that no child is empty.
   */
  minChildWeight: number;
  /**
   * Minimum rows in a child (scikit-learn's min_samples_leaf, LightGBM's min_data_in_leaf). The
   * histograms carry no row counts (that would cost a third of their time), so a child's rows are
   * estimated as LightGBM does: its hessian sum × the node's rows / the node's hessian sum — exact
   * for unweighted squared error, close for log loss and Tweedie. Keeps small tables from fitting
   * leaves to a handful of rows; on large data nodes hold thousands of rows and it rarely binds.
   */
  minSamplesLeaf: number;
  /** L2 penalty λ on leaf weights. */
  lambda: number;
  /** Minimum gain γ a split must bring. */
  gamma: number;
  /** Fraction of rows drawn (without replacement, Bernoulli) for each tree. */
  subsample: number;
  /** Fraction of features drawn for each tree. */
  colsampleBytree: number;
  /** Bins per feature, at most 255 (bin 0 holds missing values). */
  maxBins: number;
  /** Stop when the validation loss has not improved for this many rounds (needs `options.validation`). */
  earlyStoppingRounds: number | null;
  /** Seed of row and column subsampling. */
  seed: number;
  /**
   * Threads for histogram building: 1, or 2 (a worker thread takes half the features of each node;
   * used from 20k rows up). The model is bit-identical either way.
   */
  nThreads: number;
  /**
   * Build histograms from gradients quantised to small integers by stochastic rounding (LightGBM's
   * quantised training): one add per histogram update instead of two, so the fit is faster on
   * large data; leaf values are then recomputed from the exact gradients. Splits may differ
   * slightly from exact training. Ignored (exact training) beyond 16M rows.
   */
  quantizedGradients: boolean;
}

export const BOOSTING_DEFAULTS: BoostingParams = {
  nEstimators: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: null,
  minChildWeight: 1,
  minSamplesLeaf: 20,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsampleBytree: 1,
  maxBins: 255,
  earlyStoppingRounds: 20,
  seed: 0,
  nThreads: 2,
  quantizedGradients: false,
};

export function checkBoostingParams(model: string, p: BoostingParams): void {
  checkCount(model, 'nEstimators', p.nEstimators, 1);
  checkCount(model, 'maxDepth', p.maxDepth, 0, true);
  checkCount(model, 'maxLeaves', p.maxLeaves, 2, true);
  checkCount(model, 'earlyStoppingRounds', p.earlyStoppingRounds, 1, true);
  checkCount(model, 'seed', p.seed, 0);
  checkCount(model, 'minSamplesLeaf', p.minSamplesLeaf, 1);
  if (typeof p.quantizedGradients !== 'boolean')
    throw new Error(
      `${model}: quantizedGradients must be true or false; got ${String(p.quantizedGradients)}.`,
    );
  if (p.nThreads !== 1 && p.nThreads !== 2)
    throw new Error(`${model}: nThreads must be 1 or 2; got ${p.nThreads}.`);
  if (p.maxDepth === null && p.maxLeaves === null) {
    throw new Error(`${model}: set maxDepth or maxLeaves (or both); with neither, trees grow without bound.`);
  }
  const inRange = (name: string, v: number, lo: number, hi: number, loOpen: boolean) => {
    if (!(loOpen ? v > lo : v >= lo) || !(v <= hi)) {
      throw new Error(`${model}: ${name} must be in ${loOpen ? '(' : '['}${lo}, ${hi}]; got ${v}.`);
    }
  };
  inRange('learningRate', p.learningRate, 0, 1, true);
  inRange('subsample', p.subsample, 0, 1, true);
  inRange('colsampleBytree', p.colsampleBytree, 0, 1, true);
  inRange('lambda', p.lambda, 0, Number.MAX_VALUE, false);
  inRange('gamma', p.gamma, 0, Number.MAX_VALUE, false);
  inRange('minChildWeight', p.minChildWeight, 0, Number.MAX_VALUE, true);
}
