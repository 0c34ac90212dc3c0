export {
  type GridSearchOptions,
  type GridSearchResult,
  gridSearch,
  type ScoreFunction,
} from './gridSearch.ts';
export { type Fold, groupKFold } from './groupKFold.ts';
export { groupShuffleSplit, orderedGroupSplit, type TrainTestIndices } from './groupSplit.ts';
export { expandGrid, type ParamGrid } from './parameterGrid.ts';
export { type PermutationImportance, permutationImportance } from './permutationImportance.ts';
