import { BaseClassifier } from '../baseEstimator.ts';
import { checkCount } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { checkLinearData, checkNumber } from './checkData.ts';
import { applyClassWeight, type ClassWeight } from './classWeights.ts';
import { newtonLogistic } from './newtonLogistic.ts';
import { toOriginalScale } from './originalScale.ts';
import { StandardisationAccumulator, snapConstantColumns } from './standardisation.ts';
import { sampleWarmStart, systematicSample } from './warmStart.ts';

export interface LogisticRegressionParams {
  /** Inverse L2 strength, as scikit-learn: minimise C·Σ wᵢ·logloss + ½‖β‖² (β standardised). */
  C: number;
  /** `'balanced'`, `{ 0: w0, 1: w1 }`, or null (all classes weigh 1). */
  classWeight: ClassWeight;
  /** Stop when no standardised coefficient moves by more than this in a Newton step. */
  tol: number;
  /** Newton iterations at most (each one pass for the Hessian; usually < 15 are needed). */
  maxIter: number;
  /** Scale features to unit variance before the penalty applies (centring always happens). */
  standardize: boolean;
}

export const LOGISTIC_REGRESSION_DEFAULTS: LogisticRegressionParams = {
  C: 1,
  classWeight: null,
  tol: 1e-6,
  maxIter: 100,
  standardize: true,
};

export interface LogisticRegressionState {
  inputMeans: number[];
  inputScales: number[];
  /** Standardised scale: P(y=1) = σ(intercept + Σ coefficientsⱼ·(xⱼ − meanⱼ)/scaleⱼ). */
  coefficients: number[];
  intercept: number;
  converged: boolean;
  nIterations: number;
  classWeights: [number, number];
  objective: number;
}

export type LogisticRegressionArtifact = ModelArtifact<
  'logistic-regression',
  LogisticRegressionParams,
  LogisticRegressionState
>;

/**
 * Binary logistic regression with an L2 penalty, fitted exactly by Newton/IRLS with a line search.
 * The intercept is not penalised. Non-convergence within maxIter is reported by a warning and by
 * `state.converged = false` in the artifact.
 *
 * @example
 * const model = new LogisticRegression({ C: 0.5, classWeight: 'balanced' }).fit(X, churn);
 * model.predictProba(Xtest); // Float64Array of P(churn)
 */
export class LogisticRegression extends BaseClassifier<LogisticRegressionParams, LogisticRegressionArtifact> {
  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super('LogisticRegression', { ...LOGISTIC_REGRESSION_DEFAULTS, ...params });
  }

  fit(X: Matrix, y: Float64Array, options: FitOptions = {}): this {
    const model = 'LogisticRegression';
    const { C, tol, maxIter, standardize, classWeight } = this.params;
    checkNumber(model, 'C', C, 0, true);
    checkNumber(model, 'tol', tol, 0, true);
    checkCount(model, 'maxIter', maxIter, 1);
    const sampleWeight = checkLinearData(model, X, y, 'binary', options.sampleWeight);
    const { weight, classWeights } = applyClassWeight(model, y, sampleWeight, classWeight);
    const accumulator = new StandardisationAccumulator(X.nCols);
    accumulator.addColumns(X.columns, weight);
    const stats = accumulator.finish({ scale: standardize, model, columnName: (j) => X.featureNames[j] });
    const { means, scales } = stats;
    const snapped = snapConstantColumns(X, stats);
    // Large data: start next to the optimum (a fit on a row sample) and build Hessians on that sample.
    const sample = systematicSample(snapped, y, weight);
    const solution = newtonLogistic(snapped, y, weight, means, scales, {
      C,
      tol,
      maxIter,
      onProgress: options.onProgress,
      warmStart: sample && sampleWarmStart(sample, means, scales, C, maxIter),
      hessianSample: sample,
    });
    if (!solution.converged) {
      console.warn(
        `${model}: Newton did not converge in ${solution.nIterations} iterations (tol ${tol}); ` +
          'raise maxIter, lower C, or check for extreme feature values.',
      );
    }
    this.setArtifact({
      kind: 'logistic-regression',
      schemaVersion: 1,
      featureNames: [...X.featureNames],
      params: { ...this.params },
      state: {
        inputMeans: Array.from(means),
        inputScales: Array.from(scales),
        coefficients: Array.from(solution.coefficients),
        intercept: solution.intercept,
        converged: solution.converged,
        nIterations: solution.nIterations,
        classWeights,
        objective: solution.objective,
      },
    });
    return this;
  }

  /** Intercept and per-unit log-odds coefficients on the original feature scale. */
  originalScaleCoefficients(): { intercept: number; coefficients: Float64Array } {
    return toOriginalScale(this.fittedArtifact().state);
  }
}
