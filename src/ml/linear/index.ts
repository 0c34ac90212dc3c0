export { applyClassWeight, type ClassWeight } from './classWeights.ts';
export {
  LOGISTIC_REGRESSION_DEFAULTS,
  LogisticRegression,
  type LogisticRegressionArtifact,
  type LogisticRegressionParams,
  type LogisticRegressionState,
} from './LogisticRegression.ts';
export { toOriginalScale } from './originalScale.ts';
