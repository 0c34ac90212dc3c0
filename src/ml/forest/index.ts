export type { ForestState } from './fitForest.ts';
export type { ForestParams } from './forestParams.ts';
export {
  RANDOM_FOREST_CLASSIFIER_DEFAULTS,
  RandomForestClassifier,
  type RandomForestClassifierArtifact,
  type RandomForestClassifierParams,
} from './RandomForestClassifier.ts';
export {
  RANDOM_FOREST_REGRESSOR_DEFAULTS,
  RandomForestRegressor,
  type RandomForestRegressorArtifact,
  type RandomForestRegressorParams,
} from './RandomForestRegressor.ts';
