import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/monitoring/requestLog/migrations.ts';

/** A request log in a fresh temp folder, at the newest schema version. */
export function createTempRequestLog(): {
  db: Database.Database;
  path: string;
  dir: string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'monitoring-test-'));
  const path = join(dir, 'requests.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
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
  features?: readonly (number | null)[] | null;
  prediction?: number | null;
  decision?: number | null;
  pageCount?: number | null;
  latencyMs?: number;
  status?: number;
  errorReason?: string | null;
}

let nextRequestId = 0;

/** Insert rows as the service logs them (one transaction). */
export function insertRequests(db: Database.Database, rows: readonly LoggedRequest[]): void {
  const insert = db.prepare(`INSERT INTO requests (ts_ms, endpoint, request_id, client_session_id, task,
    model_version, feature_version, features, prediction, decision, page_count, latency_ms, status, error_reason)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
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
        r.features ? JSON.stringify(r.features) : null,
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

/** Insert `/feedback` outcomes. */
export function insertFeedback(
  db: Database.Database,
  rows: readonly {
    tsMs: number;
    requestId?: string | null;
    clientSessionId?: string | null;
    pageCount?: number | null;
    churned?: number | null;
    realisedRevenue?: number | null;
  }[],
): void {
  const insert = db.prepare(`INSERT INTO feedback (ts_ms, request_id, client_session_id, page_count, churned,
    realised_revenue) VALUES (?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const f of rows) {
      insert.run(
        f.tsMs,
        f.requestId ?? null,
        f.clientSessionId ?? null,
        f.pageCount ?? null,
        f.churned ?? null,
        f.realisedRevenue ?? null,
      );
    }
  })();
}
