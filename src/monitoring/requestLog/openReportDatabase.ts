import type Database from 'better-sqlite3';
import { openRequestLogReadOnly } from './openRequestLog.ts';
import { isPostgresUrl } from './postgres/connect.ts';
import { PostgresReportConnection } from './postgres/reportConnection.ts';
import type { ReportDatabaseSpec } from './requestStore.ts';

/**
 * A read connection for the monitoring reports on either store: SQLite read-only (WAL: beside the
 * writer), or PostgreSQL through PostgresReportConnection (same API, same SQL).
 *
 * @example
 * const db = openReportDatabase(reportDatabaseFrom(undefined, process.env));
 */
export function openReportDatabase(spec: ReportDatabaseSpec): Database.Database {
  return spec.kind === 'postgres'
    ? PostgresReportConnection.open(spec.url).asReportDatabase()
    : openRequestLogReadOnly(spec.path, { busyTimeoutMs: spec.busyTimeoutMs });
}

/**
 * The request log a CLI reads: `--db` (a file, or a postgres:// URL), else DATABASE_URL, else
 * DB_PATH, else var/requests.sqlite — the service's own choice for the same environment.
 */
export function reportDatabaseFrom(dbFlag: string | undefined, env: NodeJS.ProcessEnv): ReportDatabaseSpec {
  const chosen = dbFlag ?? (env.DATABASE_URL || undefined) ?? env.DB_PATH ?? 'var/requests.sqlite';
  return isPostgresUrl(chosen)
    ? { kind: 'postgres', url: chosen }
    : { kind: 'sqlite', path: chosen, busyTimeoutMs: 5_000, memory: false };
}
