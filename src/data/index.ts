export * from './parse/index.ts';
export * from './prepare/index.ts';
export {
  type ProcessedTable,
  ProcessedTableError,
  readProcessedTable,
} from './processedTable.ts';
export * from './sessions/index.ts';
