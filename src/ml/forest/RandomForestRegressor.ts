import { BaseRegressor } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { r2 } from '../metrics/index.ts';
import { type ForestState, fitForest } from './fitForest.ts';
import type { ForestParams } from './forestParams.ts';

export interface RandomForestRegressorParams extends ForestParams {
  criterion: 'squared_error';
}

/**
 * Defaults: 100 fully grown trees, bootstrap, and a third of the features per split (Breiman's
 * recommendation for regression; it decorrelates the trees and is three times cheaper than all).
 */
export const RANDOM_FOREST_REGRESSOR_DEFAULTS: RandomForestRegressorParams = {
  criterion: 'squared_error',
  nEstimators: 100,
  bootstrap: true,
  oobScore: false,
  maxDepth: null,
  maxLeaves: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 1 / 3,
  maxBins: 255,
  seed: 0,
};

export type RandomForestRegressorArtifact = ModelArtifact<
  'random-forest-regressor',
  RandomForestRegressorParams,
  ForestState
>;

/**
 * Random forest of squared-error CART trees; the prediction is the mean of the trees'.
 * With `oobScore: true`, `oobScore` is the out-of-bag R².
 *
 * @example
 * const forest = new RandomForestRegressor({ nEstimators: 100, minSamplesLeaf: 20 }).fit(X, revenue);
 * forest.predict(Xtest);
 */
export class RandomForestRegressor extends BaseRegressor<
  RandomForestRegressorParams,
  RandomForestRegressorArtifact
> {
  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super('RandomForestRegressor', { ...RANDOM_FOREST_REGRESSOR_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('RandomForestRegressor', this.params, RANDOM_FOREST_REGRESSOR_DEFAULTS);
    this.setArtifact(
      fitForest(
        'RandomForestRegressor',
        'random-forest-regressor',
        this.params,
        this.params.criterion,
        'real',
        r2,
        X,
        y,
        options,
      ),
    );
    return this;
  }

  /** Out-of-bag R² (null unless fitted with `oobScore: true`). */
  get oobScore(): number | null {
    return this.fittedArtifact().state.oobScore;
  }

  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
