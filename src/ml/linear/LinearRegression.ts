import { BaseRegressor } from '../baseEstimator.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { checkLinearData, checkNumber } from './checkData.ts';
import { toOriginalScale } from './originalScale.ts';
import { fitRidge } from './ridge.ts';
import { StandardisationAccumulator, snapConstantColumns } from './standardisation.ts';

export interface LinearRegressionParams {
  /** Ridge penalty α on the standardised coefficients (0 = ordinary least squares). */
  alpha: number;
  /** Scale features to unit variance before the penalty applies (centring always happens). */
  standardize: boolean;
}

export const LINEAR_REGRESSION_DEFAULTS: LinearRegressionParams = { alpha: 0, standardize: true };

export interface StandardisedLinearState {
  inputMeans: number[];
  inputScales: number[];
  /** Standardised scale: ŷ = intercept + Σ coefficientsⱼ·(xⱼ − meanⱼ)/scaleⱼ. */
  coefficients: number[];
  intercept: number;
}

export type LinearRegressionArtifact = ModelArtifact<
  'linear-regression',
  LinearRegressionParams,
  StandardisedLinearState
>;

/**
 * Least squares with an optional ridge penalty, solved exactly by Cholesky on standardised features
 * (scikit-learn's `Ridge` after `StandardScaler`). The intercept is never penalised.
 *
 * @example
 * const model = new LinearRegression({ alpha: 1 }).fit(X, revenue, { sampleWeight });
 * model.predict(Xtest);
 */
export class LinearRegression extends BaseRegressor<LinearRegressionParams, LinearRegressionArtifact> {
  constructor(params: Partial<LinearRegressionParams> = {}) {
    super('LinearRegression', { ...LINEAR_REGRESSION_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const model = 'LinearRegression';
    checkNumber(model, 'alpha', this.params.alpha, 0, false);
    const weight = checkLinearData(model, X, y, 'real', options.sampleWeight);
    const accumulator = new StandardisationAccumulator(X.nCols);
    accumulator.addColumns(X.columns, weight);
    const stats = accumulator.finish({
      scale: this.params.standardize,
      model,
      columnName: (j) => X.featureNames[j],
    });
    const { means, scales } = stats;
    const columns = snapConstantColumns(X, stats).columns;
    const { coefficients, intercept } = fitRidge({
      model,
      nRows: X.nRows,
      p: X.nCols,
      fillColumn: (a, out, offset, start, m) => {
        const column = columns[a];
        for (let k = 0; k < m; k++) out[offset + k] = (column[start + k] - means[a]) / scales[a];
      },
      columnName: (j) => X.featureNames[j],
      y,
      weight,
      alpha: this.params.alpha,
    });
    options.onProgress?.(1, 1);
    this.setArtifact({
      kind: 'linear-regression',
      schemaVersion: 1,
      featureNames: [...X.featureNames],
      params: { ...this.params },
      state: {
        inputMeans: Array.from(means),
        inputScales: Array.from(scales),
        coefficients: Array.from(coefficients),
        intercept,
      },
    });
    return this;
  }

  /** Intercept and per-unit coefficients on the original feature scale. */
  originalScaleCoefficients(): { intercept: number; coefficients: Float64Array } {
    return toOriginalScale(this.fittedArtifact().state);
  }
}
