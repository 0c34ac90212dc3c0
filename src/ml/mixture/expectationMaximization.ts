import {
  ComponentDensities,
  type CovarianceType,
  type MixtureParameters,
  NEGLIGIBLE_LOG,
} from './gaussianComponents.ts';

/** Keeps an empty component's weight and covariance finite (scikit-learn adds the same). */
const EMPTY_COMPONENT_MASS = 10 * Number.EPSILON;

/**
 * What the M-step needs from the responsibilities r_ic, summed over rows in one pass:
 * N_c = Σ r_ic, Σ r_ic x_i and Σ r_ic x_i x_iᵀ (lower triangle for `full`, squares for `diag`).
 */
export class SufficientStatistics {
  readonly mass: Float64Array;
  readonly sum: Float64Array;
  readonly outer: Float64Array;
  private readonly products: Float64Array;

  constructor(
    readonly nComponents: number,
    readonly nFeatures: number,
    readonly covarianceType: CovarianceType,
  ) {
    const d = nFeatures;
    this.mass = new Float64Array(nComponents);
    this.sum = new Float64Array(nComponents * d);
    this.outer = new Float64Array(nComponents * (covarianceType === 'full' ? d * d : d));
    this.products = new Float64Array(covarianceType === 'full' ? d * d : d);
  }

  reset(): void {
    this.mass.fill(0);
    this.sum.fill(0);
    this.outer.fill(0);
  }

  /** Add row `i` of row-major `X` with responsibilities `resp[0..k)`. */
  add(X: Float64Array, i: number, resp: Float64Array): void {
    const d = this.nFeatures;
    const base = i * d;
    const { products, mass, sum, outer } = this;
    const full = this.covarianceType === 'full';
    // x xᵀ once per row, reused by every component.
    if (full) {
      for (let j = 0; j < d; j++)
        for (let m = 0; m <= j; m++) products[j * d + m] = X[base + j] * X[base + m];
    } else {
      for (let j = 0; j < d; j++) products[j] = X[base + j] * X[base + j];
    }
    const width = products.length;
    for (let c = 0; c < this.nComponents; c++) {
      const r = resp[c];
      if (r === 0) continue;
      mass[c] += r;
      for (let j = 0; j < d; j++) sum[c * d + j] += r * X[base + j];
      const o = c * width;
      if (full) {
        for (let j = 0; j < d; j++)
          for (let m = 0; m <= j; m++) outer[o + j * d + m] += r * products[j * d + m];
      } else {
        for (let j = 0; j < d; j++) outer[o + j] += r * products[j];
      }
    }
  }
}

/**
 * E-step fused with the M-step's sums: for every row the responsibilities r_ic = P(c | x_i) are
 * computed and added to `stats` at once, so the data is read once per iteration and no n × k
 * matrix is kept. Returns the total log-likelihood Σ_i log p(x_i) of the current parameters.
 */
export function eStep(
  densities: ComponentDensities,
  X: Float64Array,
  n: number,
  stats: SufficientStatistics,
): number {
  const k = densities.parameters.nComponents;
  const resp = new Float64Array(k);
  stats.reset();
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    const logDensity = densities.logJoint(X, i, resp);
    logLikelihood += logDensity;
    for (let c = 0; c < k; c++) {
      const gap = resp[c] - logDensity;
      resp[c] = gap > NEGLIGIBLE_LOG ? Math.exp(gap) : 0;
    }
    stats.add(X, i, resp);
  }
  return logLikelihood;
}

/**
 * M-step: the weights, means and covariances that maximise the expected complete-data
 * log-likelihood plus a log prior −½ ψ tr(Σ_c⁻¹) per component (Bishop, PRML eq. 9.24–9.26 with
 * the prior's term): Σ_c = (S_c + ψ I) / N_c with the scatter S_c = Σ r x xᵀ − N_c μ_c μ_cᵀ.
 * As the exact maximiser of that penalised objective, EM never lets it decrease; ψ keeps a
 * component that collapses onto a few rows from going singular. (Callers centre the data so the
 * scatter's subtraction loses no precision.)
 */
export function mStep(stats: SufficientStatistics, regCovar: number): MixtureParameters {
  const { nComponents: k, nFeatures: d, covarianceType } = stats;
  const mass = stats.mass.map((m) => m + EMPTY_COMPONENT_MASS);
  let totalMass = 0;
  for (let c = 0; c < k; c++) totalMass += mass[c];
  const weights = mass.map((m) => m / totalMass);
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) means[c * d + j] = stats.sum[c * d + j] / mass[c];
  const full = covarianceType === 'full';
  const width = full ? d * d : d;
  const covariances = new Float64Array(k * width);
  for (let c = 0; c < k; c++) {
    const o = c * width;
    const N = mass[c];
    if (full) {
      for (let j = 0; j < d; j++) {
        for (let m = 0; m <= j; m++) {
          const scatter = stats.outer[o + j * d + m] - N * means[c * d + j] * means[c * d + m];
          const value = (scatter + (j === m ? regCovar : 0)) / N;
          covariances[o + j * d + m] = value;
          covariances[o + m * d + j] = value;
        }
      }
    } else {
      for (let j = 0; j < d; j++) {
        const mean = means[c * d + j];
        covariances[o + j] = (stats.outer[o + j] - N * mean * mean + regCovar) / N;
      }
    }
  }
  return { covarianceType, nComponents: k, nFeatures: d, weights, means, covariances };
}

export interface EmRunOptions {
  covarianceType: CovarianceType;
  nComponents: number;
  regCovar: number;
  maxIter: number;
  tol: number;
}

/** One EM run: the parameters, the objective per iteration, convergence. */
export interface EmRun {
  parameters: MixtureParameters;
  /** Penalised mean log-likelihood per row after each E-step (the plain one when regCovar = 0). */
  objectiveHistory: number[];
  /** Mean log-likelihood per row of the final parameters. */
  meanLogLikelihood: number;
  converged: boolean;
}

/**
 * EM from the statistics of a starting assignment: M-step, then E-step/M-step until the penalised
 * mean log-likelihood gains less than `tol` (scikit-learn's criterion) or `maxIter` runs out.
 */
export function runEm(
  X: Float64Array,
  n: number,
  stats: SufficientStatistics,
  options: EmRunOptions,
  onIteration?: () => void,
): EmRun {
  let parameters = mStep(stats, options.regCovar);
  const objectiveHistory: number[] = [];
  let meanLogLikelihood = Number.NEGATIVE_INFINITY;
  let converged = false;
  for (let iteration = 0; iteration < options.maxIter; iteration++) {
    const densities = new ComponentDensities(parameters);
    meanLogLikelihood = eStep(densities, X, n, stats) / n;
    const objective = meanLogLikelihood - (0.5 * options.regCovar * densities.traceOfPrecisions()) / n;
    const previous = objectiveHistory.at(-1);
    objectiveHistory.push(objective);
    onIteration?.();
    if (previous !== undefined && Math.abs(objective - previous) < options.tol) {
      converged = true;
      break;
    }
    parameters = mStep(stats, options.regCovar);
  }
  return { parameters, objectiveHistory, meanLogLikelihood, converged };
}
