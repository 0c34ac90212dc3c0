import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  INSERT_REQUEST_SQL,
  insertRequestRow,
  openRequestLog,
  type RequestRow,
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
  task?: RequestRow['task'];
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
  interval?: RequestRow['interval'];
  survival?: RequestRow['survival'];
  probabilityAlive?: number | null;
  lifetimeValue?: number | null;
  segment?: string | null;
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
      insertRequestRow(insert, {
        ...r,
        endpoint: r.endpoint ?? (r.task === 'session-value' ? '/session-value' : '/churn'),
        requestId: r.requestId ?? `req-${nextRequestId++}`,
        clientSessionId: r.clientSessionId ?? null,
        task: r.task === undefined ? 'churn' : r.task,
        modelVersion: r.modelVersion === undefined ? 'v1' : r.modelVersion,
        featureVersion: r.featureVersion === undefined ? 'f1' : r.featureVersion,
        features: r.features ?? null,
        prediction: r.prediction ?? null,
        decision: r.decision ?? null,
        pageCount: r.pageCount ?? null,
        latencyMs: r.latencyMs ?? 1,
        status: r.status ?? 200,
        errorReason: r.errorReason ?? null,
      });
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
