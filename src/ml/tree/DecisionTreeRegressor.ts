import { BaseRegressor } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import type { CartParams } from './cartParams.ts';
import { type DecisionTreeState, fitDecisionTree } from './fitDecisionTree.ts';

export interface DecisionTreeRegressorParams extends CartParams {
  /** Only squared error (leaves predict the weighted mean). */
  criterion: 'squared_error';
}

export const DECISION_TREE_REGRESSOR_DEFAULTS: DecisionTreeRegressorParams = {
  criterion: 'squared_error',
  maxDepth: null,
  maxLeaves: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'all',
  maxBins: 255,
  seed: 0,
};

export type DecisionTreeRegressorArtifact = ModelArtifact<
  'decision-tree-regressor',
  DecisionTreeRegressorParams,
  DecisionTreeState
>;

/**
 * CART regression tree (squared error); leaves hold the weighted mean of y.
 *
 * @example
 * const tree = new DecisionTreeRegressor({ maxDepth: 8, minSamplesLeaf: 50 }).fit(X, revenue);
 * tree.predict(Xtest);
 */
export class DecisionTreeRegressor extends BaseRegressor<
  DecisionTreeRegressorParams,
  DecisionTreeRegressorArtifact
> {
  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super('DecisionTreeRegressor', { ...DECISION_TREE_REGRESSOR_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('DecisionTreeRegressor', this.params, DECISION_TREE_REGRESSOR_DEFAULTS);
    this.setArtifact(
      fitDecisionTree(
        'DecisionTreeRegressor',
        'decision-tree-regressor',
        this.params,
        this.params.criterion,
        'real',
        X,
        y,
        options,
      ),
    );
    return this;
  }

  /** Squared-error decrease per feature, summing to 1. */
  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
