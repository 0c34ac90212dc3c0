import { z } from 'zod';
import { checkPredictColumns } from '../checkInput.ts';
import type { ModelArtifact } from '../estimator.ts';
import { parseArtifact } from '../inference/parseArtifact.ts';
import type { Matrix } from '../matrix.ts';
import { ComponentDensities, type CovarianceType, type MixtureParameters } from './gaussianComponents.ts';

export interface GaussianMixtureParams {
  nComponents: number;
  covarianceType: CovarianceType;
  /** ψ added to each component's scatter (a covariance prior); keeps components non-singular. */
  regCovar: number;
  maxIter: number;
  /** Stop when the penalised mean log-likelihood per row gains less than this. */
  tol: number;
  /** Independent starts (k-means++ seeds); the best final objective wins. */
  nInit: number;
  seed: number;
}

export interface GaussianMixtureState {
  /** Mixing weights, one per component, summing to 1. */
  weights: number[];
  /** One mean vector per component. */
  means: number[][];
  /** Per component: the d × d covariance row-major (`full`) or the d variances (`diag`). */
  covariances: number[][];
  converged: boolean;
  iterations: number;
  /** Mean log-likelihood per training row of the fitted parameters. */
  meanLogLikelihood: number;
  nTrainingRows: number;
}

export type GaussianMixtureArtifact = ModelArtifact<
  'gaussian-mixture',
  GaussianMixtureParams,
  GaussianMixtureState
>;

const artifactSchema = z.object({
  kind: z.literal('gaussian-mixture'),
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string()).min(1),
  params: z.object({
    nComponents: z.number().int().positive(),
    covarianceType: z.enum(['full', 'diag']),
    regCovar: z.number().nonnegative(),
    maxIter: z.number().int().positive(),
    tol: z.number().nonnegative(),
    nInit: z.number().int().positive(),
    seed: z.number().int(),
  }),
  state: z.object({
    weights: z.array(z.number().nonnegative()),
    means: z.array(z.array(z.number())),
    covariances: z.array(z.array(z.number())),
    converged: z.boolean(),
    iterations: z.number().int().nonnegative(),
    meanLogLikelihood: z.number(),
    nTrainingRows: z.number().int().positive(),
  }),
});

/** The parameters of a fitted artifact as the typed arrays the density code reads. */
export function artifactParameters(artifact: GaussianMixtureArtifact): MixtureParameters {
  const { covarianceType, nComponents } = artifact.params;
  const d = artifact.featureNames.length;
  return {
    covarianceType,
    nComponents,
    nFeatures: d,
    weights: Float64Array.from(artifact.state.weights),
    means: Float64Array.from(artifact.state.means.flat()),
    covariances: Float64Array.from(artifact.state.covariances.flat()),
  };
}

/** The serving side of a mixture: which component a row belongs to, and how strongly. */
export interface MixtureScorer {
  readonly featureNames: readonly string[];
  readonly nComponents: number;
  /** Responsibilities of every component for one row (into `out`); returns the most likely one. */
  assignRow(x: Float64Array, out?: Float64Array): number;
  /** Log density log p(x) of one row under the mixture. */
  logDensityRow(x: Float64Array): number;
}

/**
 * Build a scorer from a stored artifact (parsed JSON), validating its shape first; the fitted
 * estimator predicts through the same code.
 *
 * @example
 * const scorer = loadMixture(JSON.parse(text));
 * const segment = scorer.assignRow(Float64Array.of(0.4, 1.2, 3.1, 2.0));
 */
export function loadMixture(artifact: unknown): MixtureScorer {
  const parsed = parseArtifact(artifactSchema, artifact, 'gaussian-mixture') as GaussianMixtureArtifact;
  const d = parsed.featureNames.length;
  const k = parsed.params.nComponents;
  const perComponent = parsed.params.covarianceType === 'full' ? d * d : d;
  const { weights, means, covariances } = parsed.state;
  if (
    weights.length !== k ||
    means.length !== k ||
    covariances.length !== k ||
    means.some((m) => m.length !== d) ||
    covariances.some((c) => c.length !== perComponent)
  ) {
    throw new Error(
      `Invalid gaussian-mixture artifact: expected ${k} weights, means of ${d} and covariances of ${perComponent} values. Re-export it with toJSON() of a fitted model.`,
    );
  }
  const densities = new ComponentDensities(artifactParameters(parsed));
  const logJoint = new Float64Array(k);
  return {
    featureNames: parsed.featureNames,
    nComponents: k,
    assignRow(x: Float64Array, out = new Float64Array(k)): number {
      const logDensity = densities.logJoint(x, 0, logJoint);
      let best = 0;
      for (let c = 0; c < k; c++) {
        out[c] = Math.exp(logJoint[c] - logDensity);
        if (out[c] > out[best]) best = c;
      }
      return best;
    },
    logDensityRow(x: Float64Array): number {
      return densities.logJoint(x, 0, logJoint);
    },
  };
}

/** Check a prediction matrix's columns against the scorer's and return it row-major. */
export function rowsFor(model: string, scorer: MixtureScorer, X: Matrix): Float64Array {
  checkPredictColumns(model, scorer.featureNames, X);
  return X.rowMajor();
}
