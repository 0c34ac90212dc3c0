export { type CliIo, DATA_PREPARE_HELP, runDataPrepare } from './cli.ts';
export { FeatureTableWriter, type RowColumns, type RowMeta } from './featureTableWriter.ts';
export { FEATURES_FILE, MANIFEST_FILE, type ProcessedManifest, processedManifestSchema } from './manifest.ts';
export { OracleFileError, OracleReader, oraclePathOf } from './oracleReader.ts';
export {
  DEFAULT_PARSE_ONCE_BYTES,
  DEFAULT_PIECE_BYTES,
  findSessionCuts,
  parseThreadSetting,
  prepareThreads,
  scanOnThreads,
  type ThreadedScan,
  type ThreadSetting,
} from './parallel/index.ts';
export { type PrepareOptions, type PrepareReport, prepareDataset } from './prepareDataset.ts';
export {
  type OracleColumns,
  type ProcessedTable,
  ProcessedTableError,
  readProcessedTable,
} from './processedTable.ts';
export type { PrepareProgress, PrepareProgressCallback } from './progress.ts';
export { createProgressReporter, type ProgressReporter } from './progressReporter.ts';
export { type InputScan, type ScanResult, scanInputs } from './scanInputs.ts';
export { SessionFeaturizer } from './sessionFeaturizer.ts';
export {
  DEFAULT_SPLIT_FRACTIONS,
  parseSplitFractions,
  SPLIT_NAMES,
  type SplitFractions,
  SplitFractionsError,
  type SplitName,
  splitBoundaries,
  splitOfSession,
} from './splits.ts';
export { writeFeatureTable } from './writeFeatureTable.ts';
