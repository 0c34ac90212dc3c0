export { type AtomicWriteOptions, writeFileAtomic } from './atomicWrite.ts';
export { type BundleExpectations, loadModelBundle } from './bundle.ts';
export { RegistryError } from './errors.ts';
export { appendDecision, readHistory } from './history.ts';
export { loadServed } from './loadServed.ts';
export {
  BUNDLE_FILE,
  COHORTS_FILE,
  historyPath,
  METRICS_FILE,
  productionPointerPath,
  REFERENCE_FILE,
  REPORT_FILE,
  taskDir,
  versionDir,
} from './paths.ts';
export { productionBundlePath, readProductionPointer, writeProductionPointer } from './pointer.ts';
export { type LoadedModel, loadProductionModel, loadVersion } from './productionModel.ts';
export {
  binIndex,
  buildReference,
  type ColumnReference,
  ColumnReferenceSchema,
  columnReference,
  quantileSorted,
  type Reference,
  ReferenceSchema,
  readReference,
} from './reference.ts';
export * from './schema.ts';
export {
  type ServedCustomerModel,
  type ServedModel,
  type ServedModelData,
  type ServedModelOf,
  type ServedSessionModel,
  servedModelData,
} from './servedModel.ts';
export {
  buildSessionSet,
  readSessionSet,
  type SessionSet,
  sessionSetMembership,
  TRAINED_SESSIONS_FILE,
  writeSessionSet,
} from './sessionSet.ts';
export { createVersionDir, listVersions, makeVersionId, shortHash } from './versions.ts';
export {
  openWorkingRegistry,
  resolveModelsDir,
  SEED_MODELS_DIR,
  seedIfWorkingRegistry,
  seedWorkingRegistry,
  WORKING_MODELS_DIR,
} from './workingRegistry.ts';
