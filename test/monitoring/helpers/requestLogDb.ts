import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  featuresJson,
  INSERT_REQUEST_SQL,
  openRequestLog,
  recordFeedback,
} from '../../../src/monitoring/requestLog/index.ts';

/** A request log in a fresh temp folder, opened and migrated by the service's own code. */
export function createTempRequestLog(): {
  db: Database.Database;
  path: string;
  dir: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'monitoring-test-'));
  const path = join(dir, 'requests.sqlite');
  const { db } = openRequestLog(path);
  const cleanup = () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, path, dir, cleanup };
}

export interface LoggedRequest {
  tsMs: number;
  endpoint?: string;
  requestId?: string;
  clientSessionId?: string | null;
  task?: 'churn' | 'session-value' | null;
  modelVersion?: string | null;
  featureVersion?: string | null;
  /** NaN is logged as null (missing), as the service does. */
  features?: Float64Array | readonly number[] | null;
  prediction?: number | null;
  decision?: 0 | 1 | null;
  pageCount?: number | null;
  latencyMs?: number;
  status?: number;
  errorReason?: string | null;
}

let nextRequestId = 0;

/**
 * Insert rows as the service logs them (its INSERT statement and feature encoding), in one
 * transaction. Unset fields take the values of a successful /churn prediction of model v1.
 */
export function insertRequests(db: Database.Database, rows: readonly LoggedRequest[]): void {
  const insert = db.prepare(INSERT_REQUEST_SQL);
  db.transaction(() => {
    for (const r of rows) {
      insert.run(
        r.tsMs,
        r.endpoint ?? (r.task === 'session-value' ? '/session-value' : '/churn'),
        r.requestId ?? `req-${nextRequestId++}`,
        r.clientSessionId ?? null,
        r.task === undefined ? 'churn' : r.task,
        r.modelVersion === undefined ? 'v1' : r.modelVersion,
        r.featureVersion === undefined ? 'f1' : r.featureVersion,
        r.features ? featuresJson(r.features) : null,
        r.prediction ?? null,
        r.decision ?? null,
        r.pageCount ?? null,
        r.latencyMs ?? 1,
        r.status ?? 200,
        r.errorReason ?? null,
      );
    }
  })();
}

/** Record `/feedback` outcomes with the service's own function. */
export function insertFeedback(
  db: Database.Database,
  rows: readonly (Parameters<typeof recordFeedback>[1] & { tsMs: number })[],
): void {
  db.transaction(() => {
    for (const { tsMs, ...input } of rows) recordFeedback(db, input, tsMs);
  })();
}
