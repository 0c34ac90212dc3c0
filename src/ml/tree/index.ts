export type { CartParams, MaxFeatures } from './cartParams.ts';
export type { SplitCriterion } from './criterion.ts';
export {
  DECISION_TREE_CLASSIFIER_DEFAULTS,
  DecisionTreeClassifier,
  type DecisionTreeClassifierArtifact,
  type DecisionTreeClassifierParams,
} from './DecisionTreeClassifier.ts';
export {
  DECISION_TREE_REGRESSOR_DEFAULTS,
  DecisionTreeRegressor,
  type DecisionTreeRegressorArtifact,
  type DecisionTreeRegressorParams,
} from './DecisionTreeRegressor.ts';
export type { FlatTree } from './flatTree.ts';
export { type GrowInput, type GrownTree, growTree } from './grower.ts';
