export { applyClassWeight, type ClassWeight } from './classWeights.ts';
export {
  LINEAR_REGRESSION_DEFAULTS,
  LinearRegression,
  type LinearRegressionArtifact,
  type LinearRegressionParams,
  type StandardisedLinearState,
} from './LinearRegression.ts';
export {
  LOGISTIC_REGRESSION_DEFAULTS,
  LogisticRegression,
  type LogisticRegressionArtifact,
  type LogisticRegressionParams,
  type LogisticRegressionState,
} from './LogisticRegression.ts';
export { toOriginalScale } from './originalScale.ts';
export {
  POLYNOMIAL_REGRESSION_DEFAULTS,
  PolynomialRegression,
  type PolynomialRegressionArtifact,
  type PolynomialRegressionParams,
  type PolynomialRegressionState,
} from './PolynomialRegression.ts';
export { polynomialTerms } from './polynomialTerms.ts';
