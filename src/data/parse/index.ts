export { ByteNumberCursor } from './byteNumber.ts';
export { COLUMN_COUNT, COLUMN_NAMES, columnLabel } from './columns.ts';
export { BadLineError, LogInputError, SeparatorDetectionError } from './errors.ts';
export { LineParser } from './lineParser.ts';
export {
  DEFAULT_MAX_REPORTED_BAD_LINES,
  LogParser,
  type PageCallback,
  type ParseOptions,
} from './logParser.ts';
export { countRealItems } from './padding.ts';
export {
  LOG_CHUNK_BYTES,
  logFileSize,
  parseLogFile,
  parseLogText,
  type ReadLogOptions,
  readPages,
} from './readLog.ts';
export {
  emptyRejectCounts,
  REJECT_REASON_DESCRIPTIONS,
  REJECT_REASONS,
  type RejectReason,
} from './rejectReasons.ts';
export { detectSeparator, SEPARATORS, type Separator, separatorName } from './separator.ts';
export { type BadLineReport, formatParseSummary, type ParseSummary } from './summary.ts';
