export { GAUSSIAN_MIXTURE_DEFAULTS, GaussianMixture } from './GaussianMixture.ts';
export type { CovarianceType } from './gaussianComponents.ts';
export {
  type GaussianMixtureArtifact,
  type GaussianMixtureParams,
  type GaussianMixtureState,
  loadMixture,
  type MixtureScorer,
} from './mixtureArtifact.ts';
export {
  type MixtureCandidate,
  type MixtureSelection,
  type SelectMixtureOptions,
  selectGaussianMixture,
} from './selectGaussianMixture.ts';
