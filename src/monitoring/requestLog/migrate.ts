import type Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

/** What {@link migrate} did: the version before and after, and the migrations it ran. */
export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  applied: number[];
}

/**
 * Bring a request-log database up to the newest schema. Each pending migration runs once, in order,
 * in its own transaction together with the `PRAGMA user_version` bump, so a crash mid-way leaves the
 * database at the last complete version. A database newer than this code is refused (downgrades
 * would silently drop columns the newer code writes).
 *
 * @example
 * migrate(db); // { fromVersion: 0, toVersion: 1, applied: [1] }
 */
export function migrate(db: Database.Database, migrations = MIGRATIONS): MigrationResult {
  const fromVersion = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (fromVersion > newest) {
    throw new Error(
      `Request log schema version ${fromVersion} is newer than this code knows (${newest}); ` +
        'run a newer release of the service or point DB_PATH at another file.',
    );
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= fromVersion) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return { fromVersion, toVersion: Math.max(fromVersion, newest), applied };
}
