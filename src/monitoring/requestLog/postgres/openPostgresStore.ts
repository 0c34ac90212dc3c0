import type { MigrationResult } from '../migrate.ts';
import type { RequestStore } from '../requestStore.ts';
import { describePostgresError, describePostgresUrl, openPostgresPool } from './connect.ts';
import { migratePostgres } from './migrate.ts';
import {
  PostgresRequestLogWriter,
  type PostgresRequestLogWriterOptions,
} from './postgresRequestLogWriter.ts';
import { deleteExpiredRowsPostgres, postgresWriteProblem, recordFeedbackPostgres } from './postgresStore.ts';

/** The database at DATABASE_URL cannot be used; the message names it (no password) and the reason. */
export class PostgresOpenError extends Error {
  override name = 'PostgresOpenError';
}

/**
 * The shared store: a PostgreSQL request log at `url`, migrated (replicas starting together take
 * turns), with a batched writer on a small connection pool.
 *
 * @example
 * const { store } = await openPostgresStore(process.env.DATABASE_URL, { flushIntervalMs: 50 });
 */
export async function openPostgresStore(
  url: string,
  writerOptions: PostgresRequestLogWriterOptions & { onPoolError?: (error: Error) => void } = {},
): Promise<{ store: RequestStore; migration: MigrationResult }> {
  const location = describePostgresUrl(url);
  const pool = openPostgresPool(url, { onError: writerOptions.onPoolError });
  let migration: MigrationResult;
  try {
    migration = await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new PostgresOpenError(`cannot open the request log ${location}: ${describePostgresError(error)}`);
  }
  const writer = new PostgresRequestLogWriter(pool, writerOptions);
  const store: RequestStore = {
    kind: 'postgres',
    location,
    writer,
    reportDatabase: { kind: 'postgres', url },
    recordFeedback: (input, nowMs) => recordFeedbackPostgres(pool, input, nowMs),
    deleteExpiredRows: (retentionDays, nowMs) => deleteExpiredRowsPostgres(pool, retentionDays, nowMs),
    async writeProblem() {
      if (writer.stats.lastError !== null)
        return `the last request-log flush failed: ${writer.stats.lastError}`;
      return postgresWriteProblem(pool);
    },
    async close() {
      await writer.close();
      await pool.end();
    },
  };
  return { store, migration };
}
