import type { Regressor } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { CART_DEFAULTS, type CartParams } from './cartParams.ts';
import { type DecisionTreeArtifact, DecisionTreeModel } from './DecisionTreeModel.ts';
import type { TreeModelSpec } from './fitDecisionTree.ts';

export interface DecisionTreeRegressorParams extends CartParams {
  /** Only squared error (leaves predict the weighted mean). */
  criterion: 'squared_error';
}

export const DECISION_TREE_REGRESSOR_DEFAULTS: DecisionTreeRegressorParams = {
  criterion: 'squared_error',
  ...CART_DEFAULTS,
};

export type DecisionTreeRegressorArtifact = DecisionTreeArtifact<
  'decision-tree-regressor',
  DecisionTreeRegressorParams
>;

const SPEC: TreeModelSpec<'decision-tree-regressor', DecisionTreeRegressorParams> = {
  modelName: 'DecisionTreeRegressor',
  kind: 'decision-tree-regressor',
  target: 'real',
  defaults: DECISION_TREE_REGRESSOR_DEFAULTS,
};

/**
 * CART regression tree (squared error); leaves hold the weighted mean of y.
 *
 * @example
 * const tree = new DecisionTreeRegressor({ maxDepth: 8, minSamplesLeaf: 50 }).fit(X, revenue);
 * tree.predict(Xtest);
 */
export class DecisionTreeRegressor
  extends DecisionTreeModel<'decision-tree-regressor', DecisionTreeRegressorParams>
  implements Regressor
{
  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super(SPEC, params);
  }

  predict(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }
}
