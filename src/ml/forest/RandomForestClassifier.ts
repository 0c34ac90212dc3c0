import { BaseClassifier } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { rocAuc } from '../metrics/index.ts';
import { type ForestState, fitForest } from './fitForest.ts';
import type { ForestParams } from './forestParams.ts';

export interface RandomForestClassifierParams extends ForestParams {
  criterion: 'gini' | 'entropy';
}

/** scikit-learn's defaults: 100 fully grown trees, √features per split, bootstrap. */
export const RANDOM_FOREST_CLASSIFIER_DEFAULTS: RandomForestClassifierParams = {
  criterion: 'gini',
  nEstimators: 100,
  bootstrap: true,
  oobScore: false,
  maxDepth: null,
  maxLeaves: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  maxBins: 255,
  seed: 0,
};

export type RandomForestClassifierArtifact = ModelArtifact<
  'random-forest-classifier',
  RandomForestClassifierParams,
  ForestState
>;

/**
 * Random forest of CART trees for 0/1 labels; P(y = 1) is the mean of the trees' leaf
 * probabilities. With `oobScore: true`, `oobScore` is the out-of-bag ROC AUC.
 *
 * @example
 * const forest = new RandomForestClassifier({ nEstimators: 200, minSamplesLeaf: 5, oobScore: true }).fit(X, churn);
 * forest.oobScore; // out-of-bag AUC
 */
export class RandomForestClassifier extends BaseClassifier<
  RandomForestClassifierParams,
  RandomForestClassifierArtifact
> {
  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super('RandomForestClassifier', { ...RANDOM_FOREST_CLASSIFIER_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('RandomForestClassifier', this.params, RANDOM_FOREST_CLASSIFIER_DEFAULTS);
    this.setArtifact(
      fitForest(
        'RandomForestClassifier',
        'random-forest-classifier',
        this.params,
        this.params.criterion,
        'binary',
        rocAuc,
        X,
        y,
        options,
      ),
    );
    return this;
  }

  /** Out-of-bag ROC AUC (null unless fitted with `oobScore: true`). */
  get oobScore(): number | null {
    return this.fittedArtifact().state.oobScore;
  }

  get featureImportances(): number[] {
    return this.fittedArtifact().state.featureImportances;
  }
}
