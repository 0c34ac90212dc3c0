import { CholeskyError, choleskyInPlace } from '../linalg/cholesky.ts';

/** How each component's covariance is parametrised: a full `d × d` matrix or its diagonal only. */
export type CovarianceType = 'full' | 'diag';

/**
 * The parameters of a Gaussian mixture as plain data: `weights[k]`, `means` (k × d, row-major) and
 * `covariances` (k × d × d row-major for `full`, k × d for `diag`).
 */
export interface MixtureParameters {
  covarianceType: CovarianceType;
  nComponents: number;
  nFeatures: number;
  weights: Float64Array;
  means: Float64Array;
  covariances: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Below e^−600 a term is far under rounding of any sum it joins; cutting it to 0 keeps Math.exp
 * from returning subnormal numbers (below 2.2e−308), whose arithmetic is ~100× slower on x86.
 */
export const NEGLIGIBLE_LOG = -600;

/**
 * The Cholesky factors of every component's covariance and the constant part of each log density,
 * computed once per parameter set: the E-step and serving both score rows through `logJoint`.
 */
export class ComponentDensities {
  private readonly factors: Float64Array;
  /** log w_k − ½ (d log 2π + log |Σ_k|). */
  private readonly offsets: Float64Array;
  private readonly centred: Float64Array;

  constructor(readonly parameters: MixtureParameters) {
    const { nComponents: k, nFeatures: d, covarianceType } = parameters;
    this.centred = new Float64Array(d);
    this.offsets = new Float64Array(k);
    if (covarianceType === 'full') {
      this.factors = Float64Array.from(parameters.covariances);
      for (let c = 0; c < k; c++) {
        const factor = this.factors.subarray(c * d * d, (c + 1) * d * d);
        try {
          choleskyInPlace(factor, d);
        } catch (error) {
          if (!(error instanceof CholeskyError)) throw error;
          throw new Error(
            `GaussianMixture: the covariance of component ${c} is singular (it collapsed onto too few rows); raise regCovar or lower nComponents.`,
          );
        }
        let logDet = 0;
        for (let j = 0; j < d; j++) logDet += 2 * Math.log(factor[j * d + j]);
        this.offsets[c] = Math.log(parameters.weights[c]) - 0.5 * (d * LOG_2PI + logDet);
      }
    } else {
      // Diagonal: keep 1/σ_j so the squared distance is a product, not a division.
      this.factors = new Float64Array(k * d);
      for (let c = 0; c < k; c++) {
        let logDet = 0;
        for (let j = 0; j < d; j++) {
          const variance = parameters.covariances[c * d + j];
          if (!(variance > 0)) {
            throw new Error(
              `GaussianMixture: the variance of feature ${j} in component ${c} is ${variance}; raise regCovar.`,
            );
          }
          this.factors[c * d + j] = 1 / Math.sqrt(variance);
          logDet += Math.log(variance);
        }
        this.offsets[c] = Math.log(parameters.weights[c]) - 0.5 * (d * LOG_2PI + logDet);
      }
    }
  }

  /**
   * log(w_c · N(x | μ_c, Σ_c)) for every component c of row `i` of row-major `X`, into `out`;
   * returns log Σ_c w_c N(x | μ_c, Σ_c) (log-sum-exp, stable for far-away rows).
   */
  logJoint(X: Float64Array, i: number, out: Float64Array): number {
    const { nComponents: k, nFeatures: d, means } = this.parameters;
    const { factors, offsets } = this;
    const z = this.centred;
    const base = i * d;
    let max = Number.NEGATIVE_INFINITY;
    if (this.parameters.covarianceType === 'full') {
      for (let c = 0; c < k; c++) {
        // Solve L z = x − μ (forward substitution); |z|² is the squared Mahalanobis distance.
        const f = c * d * d;
        let squared = 0;
        for (let j = 0; j < d; j++) {
          let sum = X[base + j] - means[c * d + j];
          for (let m = 0; m < j; m++) sum -= factors[f + j * d + m] * z[m];
          const zj = sum / factors[f + j * d + j];
          z[j] = zj;
          squared += zj * zj;
        }
        const value = offsets[c] - 0.5 * squared;
        out[c] = value;
        if (value > max) max = value;
      }
    } else {
      for (let c = 0; c < k; c++) {
        let squared = 0;
        for (let j = 0; j < d; j++) {
          const scaled = (X[base + j] - means[c * d + j]) * factors[c * d + j];
          squared += scaled * scaled;
        }
        const value = offsets[c] - 0.5 * squared;
        out[c] = value;
        if (value > max) max = value;
      }
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const gap = out[c] - max;
      if (gap > NEGLIGIBLE_LOG) sum += Math.exp(gap);
    }
    return max + Math.log(sum);
  }

  /** tr(Σ_c⁻¹) summed over components: the penalty of the covariance prior (see `mStep`). */
  traceOfPrecisions(): number {
    const { nComponents: k, nFeatures: d, covarianceType } = this.parameters;
    let trace = 0;
    if (covarianceType === 'diag') {
      for (let i = 0; i < k * d; i++) trace += this.factors[i] * this.factors[i];
      return trace;
    }
    // tr(Σ⁻¹) = ‖L⁻¹‖²_F; invert each triangular factor column by column.
    const column = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      const f = c * d * d;
      for (let e = 0; e < d; e++) {
        for (let j = 0; j < d; j++) {
          let sum = j === e ? 1 : 0;
          for (let m = 0; m < j; m++) sum -= this.factors[f + j * d + m] * column[m];
          column[j] = sum / this.factors[f + j * d + j];
          trace += column[j] * column[j];
        }
      }
    }
    return trace;
  }
}
