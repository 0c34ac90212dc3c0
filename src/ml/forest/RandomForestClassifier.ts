import { classLabels } from '../baseEstimator.ts';
import type { Classifier } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { rocAuc } from '../metrics/index.ts';
import type { ForestModelSpec } from './fitForest.ts';
import { FOREST_DEFAULTS, type ForestParams } from './forestParams.ts';
import { type RandomForestArtifact, RandomForestModel } from './RandomForestModel.ts';

export interface RandomForestClassifierParams extends ForestParams {
  criterion: 'gini' | 'entropy';
}

/** scikit-learn's defaults: 100 fully grown trees, √features per split, bootstrap. */
export const RANDOM_FOREST_CLASSIFIER_DEFAULTS: RandomForestClassifierParams = {
  criterion: 'gini',
  ...FOREST_DEFAULTS,
  maxFeatures: 'sqrt',
};

export type RandomForestClassifierArtifact = RandomForestArtifact<
  'random-forest-classifier',
  RandomForestClassifierParams
>;

const SPEC: ForestModelSpec<'random-forest-classifier', RandomForestClassifierParams> = {
  modelName: 'RandomForestClassifier',
  kind: 'random-forest-classifier',
  target: 'binary',
  defaults: RANDOM_FOREST_CLASSIFIER_DEFAULTS,
  oobScorer: rocAuc,
};

/**
 * Random forest of CART trees for 0/1 labels; P(y = 1) is the mean of the trees' leaf
 * probabilities. With `oobScore: true`, `oobScore` is the out-of-bag ROC AUC.
 *
 * @example
 * const forest = new RandomForestClassifier({ nEstimators: 200, minSamplesLeaf: 5, oobScore: true }).fit(X, churn);
 * forest.oobScore; // out-of-bag AUC
 */
export class RandomForestClassifier
  extends RandomForestModel<'random-forest-classifier', RandomForestClassifierParams>
  implements Classifier
{
  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super(SPEC, params);
  }

  predictProba(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }

  predict(X: Matrix): Float64Array {
    return classLabels(this.predictProba(X));
  }
}
