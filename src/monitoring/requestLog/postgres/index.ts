export { describePostgresUrl, isPostgresUrl } from './connect.ts';
export { migratePostgres } from './migrate.ts';
export { POSTGRES_MIGRATIONS } from './migrations.ts';
export { openPostgresStore, PostgresOpenError } from './openPostgresStore.ts';
export {
  PostgresRequestLogWriter,
  type PostgresRequestLogWriterOptions,
} from './postgresRequestLogWriter.ts';
export { PostgresReportConnection } from './reportConnection.ts';
