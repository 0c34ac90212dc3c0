import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type MigrationResult, migrate } from './migrate.ts';

export interface OpenRequestLogOptions {
  /** How long a writer waits for a lock held by another connection (e.g. a monitoring report). */
  busyTimeoutMs?: number;
}

/**
 * Open (creating folders and file as needed) the request log, switch it to WAL and migrate it.
 *
 * WAL lets monitoring read while the service writes; `synchronous = NORMAL` is the WAL setting
 * SQLite recommends: a committed transaction survives a process crash (SIGKILL) and only a power
 * loss can roll back the last commits; the database itself never corrupts.
 *
 * @example
 * const { db } = openRequestLog('var/requests.sqlite');
 */
export function openRequestLog(
  path: string,
  { busyTimeoutMs = 5_000 }: OpenRequestLogOptions = {},
): { db: Database.Database; migration: MigrationResult } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const migration = migrate(db);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}
