import { BaseRegressor } from '../baseEstimator.ts';
import { checkKnownParams } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { BOOSTING_DEFAULTS, type BoostingParams } from './boostingParams.ts';
import { type BoostingState, fitBoosting } from './fitBoosting.ts';
import { type ImportanceType, importancesOf } from './importances.ts';
import { squaredError, tweedieLoss } from './losses.ts';

export interface GradientBoostingRegressorParams extends BoostingParams {
  /** `'squared_error'` (identity link) or `'tweedie'` (log link, for zero-inflated revenue). */
  loss: 'squared_error' | 'tweedie';
  /** Tweedie variance power ρ in (1, 2): 1 ≈ Poisson, 2 ≈ gamma. */
  tweedieVariancePower: number;
  /**
   * Tweedie only: after fitting, shift the base score by log(Σ w·y / Σ w·ŷ) over the training rows,
   * so predictions sum to the observed total (the balance property). Tweedie with ρ > 1 weights
   * residuals by ŷ^(1−ρ), which lets large predictions run low: summed revenue comes out biased
   * downwards without it. Off by default, like scikit-learn and XGBoost.
   */
  balanceCorrection: boolean;
}

export const GRADIENT_BOOSTING_REGRESSOR_DEFAULTS: GradientBoostingRegressorParams = {
  ...BOOSTING_DEFAULTS,
  loss: 'squared_error',
  tweedieVariancePower: 1.5,
  balanceCorrection: false,
};

export type GradientBoostingRegressorArtifact = ModelArtifact<
  'gradient-boosting-regressor',
  GradientBoostingRegressorParams,
  BoostingState
>;

/**
 * Histogram gradient boosting for real targets: squared error, or Tweedie with a log link
 * (predictions are then e^F, always positive; targets must be ≥ 0).
 *
 * @example
 * const gbm = new GradientBoostingRegressor({ loss: 'tweedie', tweedieVariancePower: 1.5 })
 *   .fit(Xtrain, remainingRevenue, { validation: { X: Xval, y: revenueVal } });
 * gbm.predict(Xtest); // expected remaining revenue, yuan
 */
export class GradientBoostingRegressor extends BaseRegressor<
  GradientBoostingRegressorParams,
  GradientBoostingRegressorArtifact
> {
  constructor(params: Partial<GradientBoostingRegressorParams> = {}) {
    super('GradientBoostingRegressor', { ...GRADIENT_BOOSTING_REGRESSOR_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    checkKnownParams('GradientBoostingRegressor', this.params, GRADIENT_BOOSTING_REGRESSOR_DEFAULTS);
    const { loss, tweedieVariancePower } = this.params;
    if (loss !== 'squared_error' && loss !== 'tweedie') {
      throw new Error(
        `GradientBoostingRegressor: loss "${String(loss)}" is not supported; use 'squared_error' or 'tweedie'.`,
      );
    }
    const isTweedie = loss === 'tweedie';
    this.setArtifact(
      fitBoosting(
        {
          model: 'GradientBoostingRegressor',
          kind: 'gradient-boosting-regressor',
          loss: isTweedie ? tweedieLoss(tweedieVariancePower) : squaredError,
          target: isTweedie ? 'nonNegative' : 'real',
        },
        this.params,
        X,
        y,
        options,
      ),
    );
    if (isTweedie && this.params.balanceCorrection) this.balanceTotals(X, y, options.sampleWeight);
    return this;
  }

  /** Shift the log-link base score so Σ w·ŷ = Σ w·y on the training rows (see `balanceCorrection`). */
  private balanceTotals(X: Matrix, y: Float64Array, sampleWeight?: Float64Array): void {
    const artifact = this.fittedArtifact();
    const predictions = this.predict(X);
    let observed = 0;
    let predicted = 0;
    for (let i = 0; i < y.length; i++) {
      const w = sampleWeight ? sampleWeight[i] : 1;
      observed += w * y[i];
      predicted += w * predictions[i];
    }
    if (!(observed > 0 && predicted > 0)) return;
    this.setArtifact({
      ...artifact,
      state: { ...artifact.state, baseScore: artifact.state.baseScore + Math.log(observed / predicted) },
    });
  }

  /** Share of total split gain per feature (`'gain'`), or number of splits per feature (`'split'`). */
  featureImportances(type: ImportanceType = 'gain'): number[] {
    return importancesOf(this.fittedArtifact().state, type);
  }

  /** Round with the best validation loss (last round without validation). */
  get bestIteration(): number {
    return this.fittedArtifact().state.bestIteration;
  }

  /** Mean loss per round (MSE or Tweedie deviance), training and (when given) validation. */
  get lossCurve(): { train: number[]; validation: number[] } {
    const { trainLoss, validationLoss } = this.fittedArtifact().state;
    return { train: trainLoss, validation: validationLoss };
  }
}
