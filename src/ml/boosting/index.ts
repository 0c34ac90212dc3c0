export { BOOSTING_DEFAULTS, type BoostingParams } from './boostingParams.ts';
export type { BoostingState } from './fitBoosting.ts';
export {
  GradientBoostingClassifier,
  type GradientBoostingClassifierArtifact,
  type GradientBoostingClassifierParams,
} from './GradientBoostingClassifier.ts';
export {
  GRADIENT_BOOSTING_REGRESSOR_DEFAULTS,
  GradientBoostingRegressor,
  type GradientBoostingRegressorArtifact,
  type GradientBoostingRegressorParams,
} from './GradientBoostingRegressor.ts';
export type { ImportanceType } from './importances.ts';
export { type BoostingLoss, binaryLogLoss, squaredError, tweedieLoss } from './losses.ts';
export { SecondOrderCriterion } from './secondOrderCriterion.ts';
