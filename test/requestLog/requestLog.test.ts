import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteExpiredRows,
  MIGRATIONS,
  migrate,
  openRequestLog,
  RequestLogWriter,
  type RequestRow,
  recordFeedback,
} from '../../src/monitoring/requestLog/index.ts';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'request-log-'));
  dirs.push(dir);
  return join(dir, 'nested', 'requests.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function row(overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    tsMs: Date.now(),
    endpoint: '/churn',
    requestId: 'r-1',
    clientSessionId: 's-1',
    task: 'churn',
    modelVersion: '20261123T083000Z-1a2b3c4d',
    featureVersion: 'f1',
    features: Float64Array.of(1, 0.5, 3),
    prediction: 0.25,
    decision: 0,
    pageCount: 2,
    latencyMs: 1.5,
    status: 200,
    errorReason: null,
    ...overrides,
  };
}

const count = (db: Database.Database) =>
  (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;

describe('the request log', () => {
  it('creates its folder, turns on WAL and migrates a new file to the newest version', () => {
    const { db, migration } = openRequestLog(tempDbPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migration).toEqual({ fromVersion: 0, toVersion: MIGRATIONS.at(-1)?.version, applied: [1, 2] });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  it('migrates a log created by the previous schema (v1) in place: old rows kept, new columns NULL, new rows full', () => {
    const path = tempDbPath();
    const { db: v1 } = openRequestLog(path, { migrations: MIGRATIONS.filter((m) => m.version === 1) });
    // A row as the v1 service wrote it (its own INSERT: the v2 columns do not exist yet).
    v1.prepare(
      `INSERT INTO requests (ts_ms, endpoint, request_id, task, prediction, latency_ms, status)
       VALUES (1795000000000, '/session-value', 'old-1', 'session-value', 3.5, 1, 200)`,
    ).run();
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.close();

    const { db, migration } = openRequestLog(path);
    expect(migration).toEqual({ fromVersion: 1, toVersion: 2, applied: [2] });
    const writer = new RequestLogWriter(db);
    writer.write(
      row({
        requestId: 'new-1',
        task: 'session-value',
        interval: { level: 0.9, low: 0.5, high: 7.25 },
      }),
    );
    writer.close();
    const rows = db
      .prepare(
        'SELECT request_id, prediction, interval_level, interval_low, interval_high, segment FROM requests ORDER BY id',
      )
      .all();
    expect(rows).toEqual([
      {
        request_id: 'old-1',
        prediction: 3.5,
        interval_level: null,
        interval_low: null,
        interval_high: null,
        segment: null,
      },
      {
        request_id: 'new-1',
        prediction: 0.25,
        interval_level: 0.9,
        interval_low: 0.5,
        interval_high: 7.25,
        segment: null,
      },
    ]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('runs no migration twice when a database is opened again', () => {
    const path = tempDbPath();
    openRequestLog(path).db.close();
    const { db, migration } = openRequestLog(path);
    expect(migration.applied).toEqual([]);
    db.close();
  });

  it('gives a new file 16 kB pages and leaves an existing file its own page size, rows and all', () => {
    const fresh = openRequestLog(tempDbPath()).db;
    expect(fresh.pragma('page_size', { simple: true })).toBe(16_384);
    fresh.close();

    const path = tempDbPath();
    const old = openRequestLog(path, { pageSizeBytes: 4_096 }).db;
    const writer = new RequestLogWriter(old);
    writer.write(row());
    writer.close();
    old.close();
    const { db } = openRequestLog(path);
    expect(db.pragma('page_size', { simple: true })).toBe(4_096);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const writerAgain = new RequestLogWriter(db);
    writerAgain.write(row({ requestId: 'r-2' }));
    writerAgain.close();
    expect(count(db)).toBe(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('refuses a page size SQLite would silently ignore', () => {
    expect(() => openRequestLog(tempDbPath(), { pageSizeBytes: 10_000 })).toThrow(
      /pageSizeBytes must be a power of two from 512 to 65536, got 10000/,
    );
  });

  it('refuses a database whose schema is newer than the code', () => {
    const path = tempDbPath();
    const { db } = openRequestLog(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openRequestLog(path)).toThrow(/schema version 99 is newer than this code knows/);
  });

  it('rolls back a failing migration entirely, leaving the version where it was', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: 3, description: 'broken', sql: 'CREATE TABLE x (a); SELECT nope FROM;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    db.close();
  });

  it('queues rows and commits them in one transaction after the flush interval', async () => {
    const { db } = openRequestLog(tempDbPath());
    const writer = new RequestLogWriter(db, { flushIntervalMs: 20 });
    for (let i = 0; i < 5; i++) writer.write(row({ requestId: `r-${i}` }));
    expect(count(db)).toBe(0);
    // Committed by the writer thread after the interval (its first commit also waits for it to start).
    await expect.poll(() => count(db)).toBe(5);
    await expect.poll(() => writer.stats.flushes).toBe(1);
    expect(writer.stats).toMatchObject({ writtenRows: 5, flushes: 1, queuedRows: 0 });
    const stored = db.prepare('SELECT features, prediction FROM requests WHERE request_id = ?').get('r-3');
    expect(stored).toEqual({ features: '[1,0.5,3]', prediction: 0.25 });
    writer.close();
    db.close();
  });

  it('hands a batch over at once when the queue reaches its size limit', async () => {
    const { db } = openRequestLog(tempDbPath());
    const writer = new RequestLogWriter(db, { flushIntervalMs: 60_000, maxQueueRows: 3 });
    for (let i = 0; i < 7; i++) writer.write(row());
    // The two full batches commit on the writer thread without waiting for the minute-long timer.
    // The thread's status follows its commit by one message: wait for the status, not the file.
    await expect.poll(() => writer.stats.writtenRows).toBe(6);
    expect(count(db)).toBe(6);
    expect(writer.stats.queuedRows).toBe(1);
    writer.close();
    expect(count(db)).toBe(7);
    expect(() => writer.write(row())).toThrow(/closed/);
    db.close();
  });

  it('keeps rows a failed flush could not write and writes them once the database accepts writes again', () => {
    const { db } = openRequestLog(tempDbPath());
    const errors: string[] = [];
    const writer = new RequestLogWriter(db, {
      flushIntervalMs: 60_000,
      onFlushError: (e) => errors.push(e.message),
    });
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    writer.write(row());
    writer.write(row());
    expect(writer.flush()).toBe(0);
    expect(errors[0]).toMatch(/disk says no/);
    expect(writer.stats).toMatchObject({ queuedRows: 2, lastError: 'disk says no' });
    db.exec('DROP TRIGGER refuse');
    expect(writer.flush()).toBe(2);
    expect(count(db)).toBe(2);
    writer.close();
    db.close();
  });

  it('deletes rows and feedback older than the retention period and keeps newer ones', () => {
    const { db } = openRequestLog(tempDbPath());
    const nowMs = Date.UTC(2026, 10, 23);
    const dayMs = 86_400_000;
    const writer = new RequestLogWriter(db);
    writer.write(row({ tsMs: nowMs - 40 * dayMs }));
    writer.write(row({ tsMs: nowMs - 5 * dayMs }));
    writer.close();
    recordFeedback(db, { requestId: 'r-1', churned: 1 }, nowMs - 31 * dayMs);
    expect(deleteExpiredRows(db, 30, nowMs)).toEqual({ requests: 1, feedback: 1 });
    expect(count(db)).toBe(1);
    expect(() => deleteExpiredRows(db, 0, nowMs)).toThrow(/retentionDays must be > 0/);
    db.close();
  });

  it('records feedback by request id or by session and page, counting the predictions it matches', () => {
    const { db } = openRequestLog(tempDbPath());
    const writer = new RequestLogWriter(db);
    writer.write(row({ requestId: 'a', clientSessionId: 'web-1', pageCount: 1 }));
    writer.write(row({ requestId: 'b', clientSessionId: 'web-1', pageCount: 2 }));
    writer.write(
      row({ requestId: 'c', clientSessionId: 'web-1', pageCount: 2, status: 422, prediction: null }),
    );
    writer.close();
    expect(recordFeedback(db, { requestId: 'a', churned: 0 }).matchedPredictions).toBe(1);
    expect(
      recordFeedback(db, { clientSessionId: 'web-1', pageCount: 2, churned: 1 }).matchedPredictions,
    ).toBe(1);
    expect(
      recordFeedback(db, { clientSessionId: 'web-1', realisedRevenueYuan: 12.5 }).matchedPredictions,
    ).toBe(2);
    expect(recordFeedback(db, { requestId: 'unknown', churned: 1 }).matchedPredictions).toBe(0);
    const stored = db.prepare('SELECT churned, realised_revenue FROM feedback ORDER BY id').all();
    expect(stored).toEqual([
      { churned: 0, realised_revenue: null },
      { churned: 1, realised_revenue: null },
      { churned: null, realised_revenue: 12.5 },
      { churned: 1, realised_revenue: null },
    ]);
    db.close();
  });
});
