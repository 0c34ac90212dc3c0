import { BaseEstimator } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import type { CartCriterionName } from './cart.ts';
import type { CartParams } from './cartParams.ts';
import { type DecisionTreeState, fitDecisionTree, type TreeModelSpec } from './fitDecisionTree.ts';

/** The artifact of a decision tree model of kind K. */
export type DecisionTreeArtifact<K extends string, P> = ModelArtifact<K, P, DecisionTreeState>;

/**
 * The one base of DecisionTreeClassifier and DecisionTreeRegressor: hyperparameters over the spec's
 * defaults, the fit (bin, grow one CART tree, flatten) and the importances. A twin adds only its
 * spec and what it outputs (P(y = 1), or the prediction).
 */
export abstract class DecisionTreeModel<
  K extends string,
  P extends CartParams & { criterion: CartCriterionName },
> extends BaseEstimator<P, ModelArtifact<K, P, DecisionTreeState>> {
  private readonly spec: TreeModelSpec<K, P>;

  constructor(spec: TreeModelSpec<K, P>, params: Partial<P>) {
    super(spec.modelName, { ...spec.defaults, ...params });
    this.spec = spec;
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams(this.spec.modelName, this.params, this.spec.defaults);
    this.setArtifact(fitDecisionTree(this.spec, this.params, X, y, options));
    return this;
  }

  /** Impurity decrease per feature (Gini or entropy; squared error for regression), summing to 1. */
  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
