import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type MigrationResult, migrate } from './migrate.ts';

export interface OpenRequestLogOptions {
  /** How long a writer waits for a lock held by another connection (e.g. a monitoring report). */
  busyTimeoutMs?: number;
  /**
   * Page size of a NEW file (an existing file keeps its own; changing it means an offline VACUUM).
   * 16 kB rather than SQLite's 4 kB: the writer thread appends ~200 rows of ~0.6 kB (plus four index
   * entries each) a commit, and every page it dirties is written to the WAL and later copied by a
   * checkpoint, one system call per page each way; 4× larger pages cut its CPU per row by ~15–25 %
   * (bench/requestLogWriter.ts).
   */
  pageSizeBytes?: number;
}

/**
 * Open (creating folders and file as needed) the request log, switch it to WAL and migrate it.
 *
 * WAL lets monitoring read while the service writes (a new file gets 16 kB pages, see
 * `pageSizeBytes`); `synchronous = NORMAL` is the WAL setting
 * SQLite recommends: a committed transaction survives a process crash (SIGKILL) and only a power
 * loss can roll back the last commits; the database itself never corrupts.
 *
 * @example
 * const { db } = openRequestLog('var/requests.sqlite');
 */
export function openRequestLog(
  path: string,
  { busyTimeoutMs = 5_000, pageSizeBytes = 16_384 }: OpenRequestLogOptions = {},
): { db: Database.Database; migration: MigrationResult } {
  if (!Number.isInteger(Math.log2(pageSizeBytes)) || pageSizeBytes < 512 || pageSizeBytes > 65_536) {
    throw new RangeError(
      `openRequestLog: pageSizeBytes must be a power of two from 512 to 65536, got ${pageSizeBytes}.`,
    );
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    // Takes effect only while the file is still empty, so it must come before journal_mode.
    db.pragma(`page_size = ${pageSizeBytes}`);
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
