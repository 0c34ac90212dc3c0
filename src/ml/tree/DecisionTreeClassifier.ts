import { classLabels } from '../baseEstimator.ts';
import type { Classifier } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { CART_DEFAULTS, type CartParams } from './cartParams.ts';
import { type DecisionTreeArtifact, DecisionTreeModel } from './DecisionTreeModel.ts';
import type { TreeModelSpec } from './fitDecisionTree.ts';

export interface DecisionTreeClassifierParams extends CartParams {
  /** Impurity: `'gini'` (default) or `'entropy'` (information gain in bits). */
  criterion: 'gini' | 'entropy';
}

export const DECISION_TREE_CLASSIFIER_DEFAULTS: DecisionTreeClassifierParams = {
  criterion: 'gini',
  ...CART_DEFAULTS,
};

export type DecisionTreeClassifierArtifact = DecisionTreeArtifact<
  'decision-tree-classifier',
  DecisionTreeClassifierParams
>;

const SPEC: TreeModelSpec<'decision-tree-classifier', DecisionTreeClassifierParams> = {
  modelName: 'DecisionTreeClassifier',
  kind: 'decision-tree-classifier',
  target: 'binary',
  defaults: DECISION_TREE_CLASSIFIER_DEFAULTS,
};

/**
 * CART classification tree for 0/1 labels; leaves hold P(y = 1). Splits are searched over ≤ 255
 * quantile bins per feature (exact for features with fewer distinct values).
 *
 * @example
 * const tree = new DecisionTreeClassifier({ maxDepth: 6, minSamplesLeaf: 20 }).fit(X, churn);
 * tree.predictProba(Xtest); // Float64Array of P(churn)
 */
export class DecisionTreeClassifier
  extends DecisionTreeModel<'decision-tree-classifier', DecisionTreeClassifierParams>
  implements Classifier
{
  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super(SPEC, params);
  }

  predictProba(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }

  predict(X: Matrix): Float64Array {
    return classLabels(this.predictProba(X));
  }
}
