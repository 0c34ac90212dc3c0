import type { Matrix } from '../matrix.ts';
import { requireFitted } from '../predictMatrix.ts';
import { createRng } from '../random.ts';
import { type EmRun, runEm, SufficientStatistics } from './expectationMaximization.ts';
import { kmeansStart } from './kmeansStart.ts';
import {
  type GaussianMixtureArtifact,
  type GaussianMixtureParams,
  loadMixture,
  type MixtureScorer,
  rowsFor,
} from './mixtureArtifact.ts';

/** scikit-learn's defaults, except three starts instead of one (EM finds local optima). */
export const GAUSSIAN_MIXTURE_DEFAULTS: GaussianMixtureParams = {
  nComponents: 1,
  covarianceType: 'full',
  regCovar: 1e-6,
  maxIter: 100,
  tol: 1e-3,
  nInit: 3,
  seed: 0,
};

/**
 * A Gaussian mixture fitted by EM (Dempster, Laird & Rubin 1977), from scratch: k-means++ starts,
 * several restarts, full or diagonal covariances, BIC for choosing k (`selectGaussianMixture`).
 * Unsupervised, so `fit(X)` takes no target; `predict` gives each row's most likely component and
 * `predictProba` the responsibilities (one column per component).
 *
 * @example
 * const gmm = new GaussianMixture({ nComponents: 4, covarianceType: 'full', seed: 7 }).fit(X);
 * gmm.predict(X); // Int32Array of component indices
 * gmm.bic(X);     // lower is better
 */
export class GaussianMixture {
  readonly params: GaussianMixtureParams;
  private artifact: GaussianMixtureArtifact | null = null;
  private scorer: MixtureScorer | null = null;
  /** The penalised mean log-likelihood after every E-step of the winning start (monotone by EM). */
  objectiveHistory: number[] = [];

  constructor(params: Partial<GaussianMixtureParams> = {}) {
    this.params = { ...GAUSSIAN_MIXTURE_DEFAULTS, ...params };
  }

  fit(X: Matrix, options: { onProgress?: (done: number, total: number) => void } = {}): this {
    const { nComponents: k, nInit, maxIter, seed } = this.params;
    checkParams(this.params, X);
    const n = X.nRows;
    const d = X.nCols;
    // Centred rows: the M-step's scatter Σ r x xᵀ − N μ μᵀ then loses no digits to large means.
    const rows = X.rowMajor();
    const centre = columnMeans(rows, n, d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rows[i * d + j] -= centre[j];
    const rng = createRng(seed);
    const stats = new SufficientStatistics(k, d, this.params.covarianceType);
    let best: EmRun | null = null;
    let done = 0;
    for (let start = 0; start < nInit; start++) {
      kmeansStart(rows, n, d, k, rng, stats);
      const run = runEm(rows, n, stats, this.params, () => options.onProgress?.(++done, nInit * maxIter));
      if (best === null || run.objectiveHistory.at(-1)! > best.objectiveHistory.at(-1)!) best = run;
    }
    const winner = best!;
    const { parameters } = winner;
    const perComponent = parameters.covarianceType === 'full' ? d * d : d;
    this.objectiveHistory = winner.objectiveHistory;
    this.artifact = {
      kind: 'gaussian-mixture',
      schemaVersion: 1,
      featureNames: [...X.featureNames],
      params: { ...this.params },
      state: {
        weights: Array.from(parameters.weights),
        means: Array.from({ length: k }, (_, c) =>
          Array.from(parameters.means.subarray(c * d, (c + 1) * d), (m, j) => m + centre[j]),
        ),
        covariances: Array.from({ length: k }, (_, c) =>
          Array.from(parameters.covariances.subarray(c * perComponent, (c + 1) * perComponent)),
        ),
        converged: winner.converged,
        iterations: winner.objectiveHistory.length,
        meanLogLikelihood: winner.meanLogLikelihood,
        nTrainingRows: n,
      },
    };
    this.scorer = loadMixture(this.artifact);
    return this;
  }

  /** The most likely component of every row. */
  predict(X: Matrix): Int32Array {
    const scorer = this.fittedScorer();
    const rows = rowsFor('GaussianMixture', scorer, X);
    const labels = new Int32Array(X.nRows);
    const proba = new Float64Array(scorer.nComponents);
    for (let i = 0; i < X.nRows; i++) labels[i] = scorer.assignRow(rows.subarray(i * X.nCols), proba);
    return labels;
  }

  /** Responsibilities P(component c | row), one column `component<c>` per component. */
  predictProba(X: Matrix): Float64Array[] {
    const scorer = this.fittedScorer();
    const k = scorer.nComponents;
    const rows = rowsFor('GaussianMixture', scorer, X);
    const columns = Array.from({ length: k }, () => new Float64Array(X.nRows));
    const proba = new Float64Array(k);
    for (let i = 0; i < X.nRows; i++) {
      scorer.assignRow(rows.subarray(i * X.nCols), proba);
      for (let c = 0; c < k; c++) columns[c][i] = proba[c];
    }
    return columns;
  }

  /** Mean log-likelihood per row of `X` under the fitted mixture. */
  score(X: Matrix): number {
    const scorer = this.fittedScorer();
    const rows = rowsFor('GaussianMixture', scorer, X);
    let total = 0;
    for (let i = 0; i < X.nRows; i++) total += scorer.logDensityRow(rows.subarray(i * X.nCols));
    return total / X.nRows;
  }

  /** Number of free parameters: k − 1 weights, k·d means, k covariances of d(d+1)/2 or d values. */
  freeParameters(): number {
    const d = this.fittedArtifact().featureNames.length;
    const k = this.params.nComponents;
    const covariance = this.params.covarianceType === 'full' ? (d * (d + 1)) / 2 : d;
    return k - 1 + k * d + k * covariance;
  }

  /** Bayesian information criterion on `X` (Schwarz 1978): −2 log L + p log n; lower is better. */
  bic(X: Matrix): number {
    return -2 * this.score(X) * X.nRows + this.freeParameters() * Math.log(X.nRows);
  }

  toJSON(): GaussianMixtureArtifact {
    return this.fittedArtifact();
  }

  private fittedArtifact(): GaussianMixtureArtifact {
    return requireFitted('GaussianMixture', this.artifact);
  }

  private fittedScorer(): MixtureScorer {
    return requireFitted('GaussianMixture', this.scorer);
  }
}

function checkParams(params: GaussianMixtureParams, X: Matrix): void {
  const { nComponents, covarianceType, regCovar, nInit, maxIter } = params;
  if (!Number.isInteger(nComponents) || nComponents < 1) {
    throw new Error(`GaussianMixture: nComponents is ${nComponents}; give an integer >= 1.`);
  }
  if (covarianceType !== 'full' && covarianceType !== 'diag') {
    throw new Error(
      `GaussianMixture: covarianceType "${covarianceType}" is not supported; use "full" or "diag".`,
    );
  }
  if (!(regCovar >= 0) || !(nInit >= 1) || !(maxIter >= 1)) {
    throw new Error('GaussianMixture: regCovar must be >= 0, nInit and maxIter >= 1.');
  }
  if (X.nRows < nComponents) {
    throw new Error(
      `GaussianMixture.fit: ${X.nRows} rows for ${nComponents} components; give at least one row per component.`,
    );
  }
  for (let j = 0; j < X.nCols; j++) {
    const column = X.columns[j];
    for (let i = 0; i < column.length; i++) {
      if (!Number.isFinite(column[i])) {
        throw new Error(
          `GaussianMixture.fit: X column "${X.featureNames[j]}" row ${i} is ${column[i]}; a mixture needs finite numbers (impute or drop the row).`,
        );
      }
    }
  }
}

function columnMeans(rows: Float64Array, n: number, d: number): Float64Array {
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += rows[i * d + j];
  return means.map((sum) => sum / n);
}
