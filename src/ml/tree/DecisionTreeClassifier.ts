import { BaseClassifier } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import type { CartParams } from './cartParams.ts';
import { type DecisionTreeState, fitDecisionTree } from './fitDecisionTree.ts';

export interface DecisionTreeClassifierParams extends CartParams {
  /** Impurity: `'gini'` (default) or `'entropy'` (information gain in bits). */
  criterion: 'gini' | 'entropy';
}

export const DECISION_TREE_CLASSIFIER_DEFAULTS: DecisionTreeClassifierParams = {
  criterion: 'gini',
  maxDepth: null,
  maxLeaves: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'all',
  maxBins: 255,
  seed: 0,
};

export type DecisionTreeClassifierArtifact = ModelArtifact<
  'decision-tree-classifier',
  DecisionTreeClassifierParams,
  DecisionTreeState
>;

/**
 * CART classification tree for 0/1 labels; leaves hold P(y = 1). Splits are searched over ≤ 255
 * quantile bins per feature (exact for features with fewer distinct values).
 *
 * @example
 * const tree = new DecisionTreeClassifier({ maxDepth: 6, minSamplesLeaf: 20 }).fit(X, churn);
 * tree.predictProba(Xtest); // Float64Array of P(churn)
 */
export class DecisionTreeClassifier extends BaseClassifier<
  DecisionTreeClassifierParams,
  DecisionTreeClassifierArtifact
> {
  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super('DecisionTreeClassifier', { ...DECISION_TREE_CLASSIFIER_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('DecisionTreeClassifier', this.params, DECISION_TREE_CLASSIFIER_DEFAULTS);
    this.setArtifact(
      fitDecisionTree(
        'DecisionTreeClassifier',
        'decision-tree-classifier',
        this.params,
        this.params.criterion,
        'binary',
        X,
        y,
        options,
      ),
    );
    return this;
  }

  /** Impurity decrease per feature, summing to 1. */
  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
