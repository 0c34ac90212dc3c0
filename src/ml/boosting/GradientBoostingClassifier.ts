import { BaseClassifier } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
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
export class GradientBoostingClassifier extends BaseClassifier<
  GradientBoostingClassifierParams,
  GradientBoostingClassifierArtifact
> {
  constructor(params: Partial<GradientBoostingClassifierParams> = {}) {
    super('GradientBoostingClassifier', { ...BOOSTING_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('GradientBoostingClassifier', this.params, BOOSTING_DEFAULTS);
    this.setArtifact(
      fitBoosting(
        {
          model: 'GradientBoostingClassifier',
          kind: 'gradient-boosting-classifier',
          loss: binaryLogLoss,
          target: 'binary',
        },
        this.params,
        X,
        y,
        options,
      ),
    );
    return this;
  }

  /** Share of total split gain per feature (`'gain'`), or number of splits per feature (`'split'`). */
  featureImportances(type: ImportanceType = 'gain'): number[] {
    return importancesOf(this.fittedArtifact().state, type);
  }

  /** Round with the best validation loss (last round without validation). */
  get bestIteration(): number {
    return this.fittedArtifact().state.bestIteration;
  }

  /** Mean log loss per round, on the training rows and (when given) the validation rows. */
  get lossCurve(): { train: number[]; validation: number[] } {
    const { trainLoss, validationLoss } = this.fittedArtifact().state;
    return { train: trainLoss, validation: validationLoss };
  }
}
