import type { FitOptions, ModelArtifact, Predictor, Regressor } from '../estimator.ts';
import { TREE_PREDICTORS } from '../inference/trees.ts';
import type { Matrix } from '../matrix.ts';
import type { CartParams } from './cartParams.ts';
import { checkKnownParams } from './checkInput.ts';
import { type DecisionTreeState, fitDecisionTree } from './fitDecisionTree.ts';
import { predictMatrix, requireFitted } from './predictMatrix.ts';

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
export class DecisionTreeRegressor implements Regressor {
  readonly params: DecisionTreeRegressorParams;
  private artifact: DecisionTreeRegressorArtifact | null = null;
  private predictor: Predictor | null = null;

  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    this.params = { ...DECISION_TREE_REGRESSOR_DEFAULTS, ...params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('DecisionTreeRegressor', this.params, DECISION_TREE_REGRESSOR_DEFAULTS);
    this.artifact = fitDecisionTree(
      'DecisionTreeRegressor',
      'decision-tree-regressor',
      this.params,
      this.params.criterion,
      'real',
      X,
      y,
      options,
    );
    this.predictor = TREE_PREDICTORS[this.artifact.kind](this.artifact);
    return this;
  }

  predict(X: Matrix): Float64Array {
    return predictMatrix('DecisionTreeRegressor', requireFitted('DecisionTreeRegressor', this.predictor), X);
  }

  /** Squared-error decrease per feature, summing to 1. */
  get featureImportances(): number[] {
    return requireFitted('DecisionTreeRegressor', this.artifact).state.featureImportances;
  }

  toJSON(): DecisionTreeRegressorArtifact {
    return requireFitted('DecisionTreeRegressor', this.artifact);
  }
}
