import type { Matrix } from '../matrix.ts';
import { GaussianMixture } from './GaussianMixture.ts';
import type { CovarianceType } from './gaussianComponents.ts';
import type { GaussianMixtureParams } from './mixtureArtifact.ts';

export interface MixtureCandidate {
  nComponents: number;
  covarianceType: CovarianceType;
  bic: number;
  meanLogLikelihood: number;
  converged: boolean;
}

export interface MixtureSelection {
  best: GaussianMixture;
  /** Every fit, in the order tried, with its BIC. */
  candidates: MixtureCandidate[];
}

export interface SelectMixtureOptions {
  /** Component counts to try (default 1…8). */
  nComponents?: readonly number[];
  covarianceTypes?: readonly CovarianceType[];
  /** Shared by every fit (seed, nInit, regCovar, …). */
  params?: Partial<Omit<GaussianMixtureParams, 'nComponents' | 'covarianceType'>>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Fit a mixture for every (k, covariance type) and keep the lowest BIC: the usual way to choose k
 * (scikit-learn's GMM selection example), with every candidate's BIC kept for the report.
 *
 * @example
 * const { best, candidates } = selectGaussianMixture(X, { nComponents: [2, 3, 4, 5, 6], params: { seed: 1 } });
 */
export function selectGaussianMixture(X: Matrix, options: SelectMixtureOptions = {}): MixtureSelection {
  const ks = options.nComponents ?? [1, 2, 3, 4, 5, 6, 7, 8];
  const types = options.covarianceTypes ?? ['full', 'diag'];
  if (ks.length === 0 || types.length === 0) {
    throw new Error('selectGaussianMixture: give at least one component count and one covariance type.');
  }
  const candidates: MixtureCandidate[] = [];
  let best: GaussianMixture | null = null;
  let bestBic = Number.POSITIVE_INFINITY;
  const total = ks.length * types.length;
  for (const covarianceType of types) {
    for (const nComponents of ks) {
      const model = new GaussianMixture({ ...options.params, nComponents, covarianceType }).fit(X);
      const bic = model.bic(X);
      const state = model.toJSON().state;
      candidates.push({
        nComponents,
        covarianceType,
        bic,
        meanLogLikelihood: state.meanLogLikelihood,
        converged: state.converged,
      });
      if (bic < bestBic) {
        bestBic = bic;
        best = model;
      }
      options.onProgress?.(candidates.length, total);
    }
  }
  return { best: best!, candidates };
}
