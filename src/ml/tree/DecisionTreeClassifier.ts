import type { Classifier, FitOptions, ModelArtifact, Predictor } from '../estimator.ts';
import { TREE_PREDICTORS } from '../inference/trees.ts';
import type { Matrix } from '../matrix.ts';
import type { CartParams } from './cartParams.ts';
import { checkKnownParams } from './checkInput.ts';
import { type DecisionTreeState, fitDecisionTree } from './fitDecisionTree.ts';
import { predictMatrix, requireFitted } from './predictMatrix.ts';

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
export class DecisionTreeClassifier implements Classifier {
  readonly params: DecisionTreeClassifierParams;
  private artifact: DecisionTreeClassifierArtifact | null = null;
  private predictor: Predictor | null = null;

  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    this.params = { ...DECISION_TREE_CLASSIFIER_DEFAULTS, ...params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('DecisionTreeClassifier', this.params, DECISION_TREE_CLASSIFIER_DEFAULTS);
    this.artifact = fitDecisionTree(
      'DecisionTreeClassifier',
      'decision-tree-classifier',
      this.params,
      this.params.criterion,
      'binary',
      X,
      y,
      options,
    );
    this.predictor = TREE_PREDICTORS[this.artifact.kind](this.artifact);
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    return predictMatrix(
      'DecisionTreeClassifier',
      requireFitted('DecisionTreeClassifier', this.predictor),
      X,
    );
  }

  /** Class labels (1 where P(y = 1) ≥ 0.5). */
  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p >= 0.5 ? 1 : 0));
  }

  /** Impurity decrease per feature, summing to 1. */
  get featureImportances(): number[] {
    return requireFitted('DecisionTreeClassifier', this.artifact).state.featureImportances;
  }

  toJSON(): DecisionTreeClassifierArtifact {
    return requireFitted('DecisionTreeClassifier', this.artifact);
  }
}
