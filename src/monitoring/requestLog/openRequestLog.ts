import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type MigrationResult, migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';

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
  /** The schema to migrate to (default: every migration); tests pass an older prefix. */
  migrations?: typeof MIGRATIONS;
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
  { busyTimeoutMs = 5_000, pageSizeBytes = 16_384, migrations = MIGRATIONS }: OpenRequestLogOptions = {},
): { db: Database.Database; migration: MigrationResult } {
  if (!Number.isInteger(Math.log2(pageSizeBytes)) || pageSizeBytes < 512 || pageSizeBytes > 65_536) {
    throw new RangeError(
      `openRequestLog: pageSizeBytes must be a power of two from 512 to 65536, got ${pageSizeBytes}.`,
    );
  }
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new RequestLogOpenError(path, error);
  }
  try {
    // Takes effect only while the file is still empty, so it must come before journal_mode.
    db.pragma(`page_size = ${pageSizeBytes}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const migration = migrate(db, migrations);
    return { db, migration };
  } catch (error) {
    db.close();
    throw (error as { code?: string }).code?.startsWith('SQLITE_')
      ? new RequestLogOpenError(path, error)
      : error;
  }
}

/**
 * Open an existing request log read-only (monitoring reads while the service writes); anything
 * that is not one — missing, a folder, an empty or foreign file — is a RequestLogOpenError.
 *
 * @example
 * const db = openRequestLogReadOnly('var/requests.sqlite');
 */
export function openRequestLogReadOnly(path: string, { busyTimeoutMs = 5_000 } = {}): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'").get();
    if (!table)
      throw new RequestLogOpenError(path, 'it has no requests table (an empty file or another database)');
    return db;
  } catch (error) {
    db?.close();
    throw error instanceof RequestLogOpenError ? error : new RequestLogOpenError(path, error);
  }
}

/** The request log at `path` cannot be opened; the message names the file, the reason and the fix. */
export class RequestLogOpenError extends Error {
  override name = 'RequestLogOpenError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot open the request log ${path}: ${describeCause(path, cause)}`);
  }
}

function describeCause(path: string, cause: unknown): string {
  if (typeof cause === 'string') return cause;
  const { code, message } = cause as { code?: string; message?: string };
  // SQLite words a folder as "unable to open" or "disk I/O error" depending on the mode.
  if (existsSync(path) && statSync(path).isDirectory()) {
    return 'it is a folder; DB_PATH (or --db) must name a file, e.g. var/requests.sqlite.';
  }
  if (code === 'SQLITE_NOTADB') {
    return 'it is not a SQLite database; point DB_PATH (or --db) at a request log.';
  }
  if (code === 'SQLITE_CANTOPEN') {
    const why = existsSync(path)
      ? 'no permission to open it'
      : 'it does not exist or its folder is not writable';
    return `${why}; choose another DB_PATH (or --db).`;
  }
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return `a part of its folder is a file (${message}); choose another DB_PATH.`;
  if (code === 'EACCES' || code === 'EROFS')
    return `cannot create its folder (${message}); choose a writable DB_PATH.`;
  return message ?? String(cause);
}
