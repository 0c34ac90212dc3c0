export { loadServedModel } from './loadServedModel.ts';
export { ModelStore, type ReloadOutcome } from './modelStore.ts';
export { describeModel, type ServedModel } from './servedModel.ts';
export { type WatchModelsOptions, watchModels } from './watchModels.ts';
