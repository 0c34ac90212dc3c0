export { describeModel } from './describeModel.ts';
export { ModelStore, type ReloadOutcome } from './modelStore.ts';
export { type WatchModelsOptions, watchModels } from './watchModels.ts';
