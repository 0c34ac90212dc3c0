import type pg from 'pg';
import type { MigrationResult } from '../migrate.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';

// Any constant: every process migrating the same database takes this lock first.
const MIGRATION_LOCK = 0x72657461; // 'reta'

/**
 * Bring a PostgreSQL request log up to the newest schema: each pending migration once, in order,
 * in one transaction with its row in `schema_migrations`. Several replicas starting at once
 * serialise on a transaction-scoped advisory lock, so exactly one runs each migration. A database
 * newer than this code is refused, as with SQLite.
 *
 * @example
 * await migratePostgres(pool); // { fromVersion: 0, toVersion: 1, applied: [1] }
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations = POSTGRES_MIGRATIONS,
): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    );
    const fromVersion = rows[0]?.version ?? 0;
    const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (fromVersion > newest) {
      throw new Error(
        `Request log schema version ${fromVersion} is newer than this code knows (${newest}); ` +
          'run a newer release of the service or point DATABASE_URL at another database.',
      );
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= fromVersion) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { fromVersion, toVersion: Math.max(fromVersion, newest), applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
