import type { Classifier, FitOptions, ModelArtifact, Predictor } from '../estimator.ts';
import { TREE_PREDICTORS } from '../inference/trees.ts';
import type { Matrix } from '../matrix.ts';
import { checkKnownParams } from '../tree/checkInput.ts';
import { predictMatrix, requireFitted } from '../tree/predictMatrix.ts';
import { BOOSTING_DEFAULTS, type BoostingParams } from './boostingParams.ts';
import { type BoostingState, fitBoosting } from './fitBoosting.ts';
import { type ImportanceType, importancesOf } from './importances.ts';
import { binaryLogLoss } from './losses.ts';

export type GradientBoostingClassifierParams = BoostingParams;

export type GradientBoostingClassifierArtifact = ModelArtifact<
  'gradient-boosting-classifier',
  GradientBoostingClassifierParams,
  BoostingState
>;

/**
 * Histogram gradient boosting for 0/1 labels with log loss (logit link). Early stopping runs when a
 * validation set is passed to `fit` (`earlyStoppingRounds`, default 20).
 *
 * @example
 * const gbm = new GradientBoostingClassifier({ nEstimators: 300, learningRate: 0.1, maxDepth: 6 })
 *   .fit(Xtrain, churn, { validation: { X: Xval, y: churnVal } });
 * gbm.predictProba(Xtest); gbm.bestIteration; gbm.featureImportances('gain');
 */
export class GradientBoostingClassifier implements Classifier {
  readonly params: GradientBoostingClassifierParams;
  private artifact: GradientBoostingClassifierArtifact | null = null;
  private predictor: Predictor | null = null;

  constructor(params: Partial<GradientBoostingClassifierParams> = {}) {
    this.params = { ...BOOSTING_DEFAULTS, ...params };
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('GradientBoostingClassifier', this.params, BOOSTING_DEFAULTS);
    this.artifact = fitBoosting(
      'GradientBoostingClassifier',
      'gradient-boosting-classifier',
      this.params,
      binaryLogLoss,
      'binary',
      X,
      y,
      options,
    );
    this.predictor = TREE_PREDICTORS[this.artifact.kind](this.artifact);
    return this;
  }

  predictProba(X: Matrix): Float64Array {
    return predictMatrix('GradientBoostingClassifier', this.fitted().predictor, X);
  }

  /** Class labels (1 where P(y = 1) ≥ 0.5). */
  predict(X: Matrix): Float64Array {
    return this.predictProba(X).map((p) => (p >= 0.5 ? 1 : 0));
  }

  /** Share of total split gain per feature (`'gain'`), or number of splits per feature (`'split'`). */
  featureImportances(type: ImportanceType = 'gain'): number[] {
    return importancesOf(this.fitted().artifact.state, type);
  }

  /** Round with the best validation loss (last round without validation). */
  get bestIteration(): number {
    return this.fitted().artifact.state.bestIteration;
  }

  /** Mean log loss per round, on the training rows and (when given) the validation rows. */
  get lossCurve(): { train: number[]; validation: number[] } {
    const { trainLoss, validationLoss } = this.fitted().artifact.state;
    return { train: trainLoss, validation: validationLoss };
  }

  toJSON(): GradientBoostingClassifierArtifact {
    return this.fitted().artifact;
  }

  private fitted() {
    return {
      artifact: requireFitted('GradientBoostingClassifier', this.artifact),
      predictor: requireFitted('GradientBoostingClassifier', this.predictor),
    };
  }
}
