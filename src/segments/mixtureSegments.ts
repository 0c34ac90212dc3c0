import { Matrix } from '../ml/matrix.ts';
import type { GaussianMixtureArtifact } from '../ml/mixture/index.ts';
import {
  loadMixture,
  type MixtureCandidate,
  type MixtureScorer,
  selectGaussianMixture,
} from '../ml/mixture/index.ts';
import type { SegmentConfig } from './segmentConfig.ts';

/** The columns a mixture segments on, log-scaled: recency, frequency, spend per purchase, predicted CLV. */
export const MIXTURE_FEATURES = ['logRecencyDays', 'logFrequency', 'logMeanSpend', 'logClv'] as const;

export interface MixtureInputs {
  recencyDays: Float64Array;
  frequency: Float64Array;
  meanSpend: Float64Array;
  clv: Float64Array;
}

/** A fitted segmentation: the artifact, the scaling it expects, and each customer's cluster. */
export interface MixtureSegmentation {
  artifact: GaussianMixtureArtifact;
  /** Mean and standard deviation of each log feature (inputs are standardised with these). */
  scaling: { mean: number[]; sd: number[] };
  /** Cluster of each customer, relabelled so cluster 0 has the highest mean CLV. */
  clusters: Uint8Array;
  /** Original component index of each relabelled cluster. */
  componentOfCluster: number[];
  candidates: MixtureCandidate[];
}

/** The mixture's view of a non-negative amount: log(1 + v), negatives clipped to 0. */
const logScaled = (v: number) => Math.log1p(Math.max(0, v));

/** log(1 + v) of the four columns, standardised: the mixture's input rows. */
export function mixtureMatrix(inputs: MixtureInputs, scaling?: { mean: number[]; sd: number[] }) {
  const raw = [inputs.recencyDays, inputs.frequency, inputs.meanSpend, inputs.clv].map((column) =>
    column.map(logScaled),
  );
  const fitted = scaling ?? {
    mean: raw.map((c) => c.reduce((s, v) => s + v, 0) / c.length),
    sd: raw.map((c) => {
      const mean = c.reduce((s, v) => s + v, 0) / c.length;
      return Math.sqrt(c.reduce((s, v) => s + (v - mean) ** 2, 0) / c.length) || 1;
    }),
  };
  const columns = raw.map((c, j) => c.map((v) => (v - fitted.mean[j]) / fitted.sd[j]));
  return { X: Matrix.fromColumns([...MIXTURE_FEATURES], columns), scaling: fitted };
}

/**
 * Gaussian-mixture segments: k from 1 to `maxComponents` and each covariance type, the lowest BIC
 * kept; clusters numbered by mean predicted CLV, highest first.
 */
export function mixtureSegments(
  inputs: MixtureInputs,
  config: SegmentConfig['mixture'],
  seed: number,
  onProgress?: (done: number, total: number) => void,
): MixtureSegmentation {
  const { X, scaling } = mixtureMatrix(inputs);
  const { best, candidates } = selectGaussianMixture(X, {
    nComponents: Array.from({ length: config.maxComponents }, (_, k) => k + 1),
    covarianceTypes: config.covarianceTypes,
    params: { seed, nInit: config.nInit, regCovar: config.regCovar },
    onProgress,
  });
  const labels = best.predict(X);
  const k = best.params.nComponents;
  const clvSum = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    clvSum[labels[i]] += inputs.clv[i];
    count[labels[i]]++;
  }
  const componentOfCluster = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => clvSum[b] / Math.max(1, count[b]) - clvSum[a] / Math.max(1, count[a]),
  );
  const clusterOfComponent = new Uint8Array(k);
  componentOfCluster.forEach((component, cluster) => {
    clusterOfComponent[component] = cluster;
  });
  return {
    artifact: best.toJSON(),
    scaling,
    clusters: Uint8Array.from(labels, (component) => clusterOfComponent[component]),
    componentOfCluster,
    candidates,
  };
}

/** Mixture clusters named by rank of mean predicted CLV: "cluster 1" is the most valuable. */
export function clusterNames(k: number): string[] {
  return Array.from({ length: k }, (_, c) => `cluster ${c + 1}`);
}

/**
 * Serving side: the cluster of one customer from a stored segmentation (0 = highest mean CLV, as
 * in `clusters`) and the mixture's posterior probability of it.
 */
export function mixtureClusterScorer(segmentation: {
  /** A stored gaussian-mixture artifact; loadMixture checks it. */
  artifact: unknown;
  scaling: MixtureSegmentation['scaling'];
  componentOfCluster: readonly number[];
}) {
  const scorer: MixtureScorer = loadMixture(segmentation.artifact);
  const clusterOfComponent = new Uint8Array(segmentation.componentOfCluster.length);
  segmentation.componentOfCluster.forEach((component, cluster) => {
    clusterOfComponent[component] = cluster;
  });
  const row = new Float64Array(MIXTURE_FEATURES.length);
  const responsibilities = new Float64Array(scorer.nComponents);
  return function clusterOf(customer: {
    recencyDays: number;
    frequency: number;
    meanSpend: number;
    clv: number;
  }): { cluster: number; probability: number } {
    const values = [customer.recencyDays, customer.frequency, customer.meanSpend, customer.clv];
    // mixtureMatrix's scaling, on one row.
    for (let j = 0; j < values.length; j++) {
      row[j] = (logScaled(values[j]) - segmentation.scaling.mean[j]) / segmentation.scaling.sd[j];
    }
    const component = scorer.assignRow(row, responsibilities);
    return { cluster: clusterOfComponent[component], probability: responsibilities[component] };
  };
}
