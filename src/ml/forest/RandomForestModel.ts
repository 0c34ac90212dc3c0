import { BaseEstimator } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import type { CartCriterionName } from '../tree/cart.ts';
import { type ForestModelSpec, type ForestState, fitForest } from './fitForest.ts';
import type { ForestParams } from './forestParams.ts';

/** The artifact of a random forest model of kind K. */
export type RandomForestArtifact<K extends string, P> = ModelArtifact<K, P, ForestState>;

/**
 * The one base of RandomForestClassifier and RandomForestRegressor: hyperparameters over the
 * spec's defaults, the fit, the out-of-bag score and the importances. A twin adds only its spec and
 * what it outputs (P(y = 1), or the prediction).
 */
export abstract class RandomForestModel<
  K extends string,
  P extends ForestParams & { criterion: CartCriterionName },
> extends BaseEstimator<P, ModelArtifact<K, P, ForestState>> {
  private readonly spec: ForestModelSpec<K, P>;

  constructor(spec: ForestModelSpec<K, P>, params: Partial<P>) {
    super(spec.modelName, { ...spec.defaults, ...params });
    this.spec = spec;
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams(this.spec.modelName, this.params, this.spec.defaults);
    this.setArtifact(fitForest(this.spec, this.params, X, y, options));
    return this;
  }

  /** The spec's out-of-bag metric (null unless fitted with `oobScore: true`). */
  get oobScore(): number | null {
    return this.fittedArtifact().state.oobScore;
  }

  /** Mean impurity decrease per feature over the trees, summing to 1. */
  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
