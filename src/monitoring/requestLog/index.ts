export { type FeedbackInput, recordFeedback } from './feedback.ts';
export { type MigrationResult, migrate } from './migrate.ts';
export { MIGRATIONS } from './migrations.ts';
export { openReportDatabase, reportDatabaseFrom } from './openReportDatabase.ts';
export {
  type OpenRequestLogOptions,
  openRequestLog,
  openRequestLogReadOnly,
  RequestLogOpenError,
} from './openRequestLog.ts';
export {
  RequestLogWriter,
  type RequestLogWriterOptions,
  type RequestLogWriterStats,
} from './requestLogWriter.ts';
export {
  featuresJson,
  INSERT_REQUEST_SQL,
  insertRequestRow,
  type LoggedInterval,
  type LoggedSurvival,
  REQUEST_COLUMNS,
  type RequestRow,
  requestRowValues,
} from './requestRow.ts';
export {
  type ReportDatabaseSpec,
  type RequestLogSink,
  type RequestStore,
  sqliteRequestStore,
} from './requestStore.ts';
export { deleteExpiredRows } from './retention.ts';
export { scheduleRetention } from './retentionSchedule.ts';
