import type { Regressor } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { r2 } from '../metrics/index.ts';
import type { ForestModelSpec } from './fitForest.ts';
import { FOREST_DEFAULTS, type ForestParams } from './forestParams.ts';
import { type RandomForestArtifact, RandomForestModel } from './RandomForestModel.ts';

export interface RandomForestRegressorParams extends ForestParams {
  criterion: 'squared_error';
}

/**
 * Defaults: 100 fully grown trees, bootstrap, and a third of the features per split (Breiman's
 * recommendation for regression; it decorrelates the trees and is three times cheaper than all).
 */
export const RANDOM_FOREST_REGRESSOR_DEFAULTS: RandomForestRegressorParams = {
  criterion: 'squared_error',
  ...FOREST_DEFAULTS,
  maxFeatures: 1 / 3,
};

export type RandomForestRegressorArtifact = RandomForestArtifact<
  'random-forest-regressor',
  RandomForestRegressorParams
>;

const SPEC: ForestModelSpec<'random-forest-regressor', RandomForestRegressorParams> = {
  modelName: 'RandomForestRegressor',
  kind: 'random-forest-regressor',
  target: 'real',
  defaults: RANDOM_FOREST_REGRESSOR_DEFAULTS,
  oobScorer: r2,
};

/**
 * Random forest of squared-error CART trees; the prediction is the mean of the trees'.
 * With `oobScore: true`, `oobScore` is the out-of-bag R².
 *
 * @example
 * const forest = new RandomForestRegressor({ nEstimators: 100, minSamplesLeaf: 20 }).fit(X, revenue);
 * forest.predict(Xtest);
 */
export class RandomForestRegressor
  extends RandomForestModel<'random-forest-regressor', RandomForestRegressorParams>
  implements Regressor
{
  constructor(params: Partial<RandomForestRegressorParams> = {}) {
    super(SPEC, params);
  }

  predict(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }
}
