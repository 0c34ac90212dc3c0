import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { openRequestLog, RequestLogWriter, type RequestRow } from '../../src/monitoring/requestLog/index.ts';
import { startTestService } from '../api/helpers/testService.ts';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'writer-thread-'));
  dirs.push(dir);
  return join(dir, 'requests.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ROWS: RequestRow[] = [
  {
    tsMs: 1_795_000_000_123,
    endpoint: '/churn',
    requestId: '0199f0a2-5b7c-7d3e-8f10-123456789abc',
    clientSessionId: 'web-ünïcødé-🛒',
    task: 'churn',
    modelVersion: '20261123T083000Z-1a2b3c4d',
    featureVersion: 'f1',
    features: Float64Array.of(1, 0.1 + 0.2, Number.NaN, 1e-7, 123456789.123),
    prediction: 0.3141592653589793,
    decision: 1,
    pageCount: 12,
    latencyMs: 0.8125,
    status: 200,
    errorReason: null,
    survival: { expectedFurtherPages: 2.41, stillBrowsing: [0.69, 0.52, 0.4, 0.31, 0.23] },
  },
  {
    tsMs: 1_795_000_000_124,
    endpoint: '/session-value/batch',
    requestId: 'r-2.0',
    clientSessionId: null,
    task: 'session-value',
    modelVersion: 'v2',
    featureVersion: 'f1',
    features: [0, 2.5],
    prediction: 0,
    decision: null,
    pageCount: 1,
    latencyMs: 3,
    status: 200,
    errorReason: null,
    interval: { level: 0.8, low: 0, high: 1.2345678901234567 },
  },
  {
    tsMs: 1_795_000_000_124,
    endpoint: '/customers/value',
    requestId: 'r-3',
    clientSessionId: 'customer-42',
    task: 'customer-value',
    modelVersion: 'c1',
    featureVersion: null,
    features: null,
    prediction: 81.5,
    decision: null,
    pageCount: null,
    latencyMs: 0.5,
    status: 200,
    errorReason: null,
    probabilityAlive: 0.7321,
    lifetimeValue: 81.5,
    segment: 'loyal',
  },
  {
    tsMs: 1_795_000_000_125,
    endpoint: '/churn',
    requestId: 'x'.repeat(200),
    clientSessionId: null,
    task: 'churn',
    modelVersion: null,
    featureVersion: null,
    features: null,
    prediction: null,
    decision: null,
    pageCount: null,
    latencyMs: 0.25,
    status: 422,
    errorReason: 'invalid-body',
  },
];

/** What the table must hold for a row, column by column (features as the JSON the service writes). */
const expected = (r: RequestRow) => ({
  ts_ms: r.tsMs,
  endpoint: r.endpoint,
  request_id: r.requestId,
  client_session_id: r.clientSessionId,
  task: r.task,
  model_version: r.modelVersion,
  feature_version: r.featureVersion,
  features:
    r.features === null ? null : `[${[...r.features].map((v) => (Number.isFinite(v) ? String(v) : 'null'))}]`,
  prediction: r.prediction,
  decision: r.decision,
  page_count: r.pageCount,
  latency_ms: r.latencyMs,
  status: r.status,
  error_reason: r.errorReason,
  interval_level: r.interval?.level ?? null,
  interval_low: r.interval?.low ?? null,
  interval_high: r.interval?.high ?? null,
  expected_further_pages: r.survival?.expectedFurtherPages ?? null,
  still_browsing_1: r.survival?.stillBrowsing[0] ?? null,
  still_browsing_2: r.survival?.stillBrowsing[1] ?? null,
  still_browsing_3: r.survival?.stillBrowsing[2] ?? null,
  still_browsing_4: r.survival?.stillBrowsing[3] ?? null,
  still_browsing_5: r.survival?.stillBrowsing[4] ?? null,
  probability_alive: r.probabilityAlive ?? null,
  lifetime_value: r.lifetimeValue ?? null,
  segment: r.segment ?? null,
});

const stored = (db: Database.Database) =>
  (db.prepare('SELECT * FROM requests ORDER BY id').all() as Record<string, unknown>[]).map(
    ({ id: _, ...columns }) => columns,
  );

describe('the request-log writer thread', () => {
  it('stores every column of every row exactly, nulls, NaN features and unicode included', () => {
    const { db } = openRequestLog(tempDbPath());
    const writer = new RequestLogWriter(db, { flushIntervalMs: 60_000 });
    for (const row of ROWS) writer.write(row);
    expect(writer.flush()).toBe(ROWS.length);
    expect(stored(db)).toEqual(ROWS.map(expected));
    writer.close();
    db.close();
  });

  it('writes an in-memory database (which no other thread can open) on the caller thread, identically', () => {
    const { db } = openRequestLog(':memory:');
    const writer = new RequestLogWriter(db);
    for (const row of ROWS) writer.write(row);
    writer.close();
    expect(stored(db)).toEqual(ROWS.map(expected));
    db.close();
  });

  it('commits off the event loop: a database locked by another connection does not stall timers', async () => {
    const path = tempDbPath();
    const { db } = openRequestLog(path, { busyTimeoutMs: 3_000 });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    const writer = new RequestLogWriter(db, { flushIntervalMs: 5 });
    writer.write(ROWS[0]);
    // The commit is now waiting for the lock (up to 3 s) on the writer thread; the event loop runs on.
    const startMs = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(performance.now() - startMs).toBeLessThan(1_500);
    expect(writer.stats.queuedRows).toBe(1);
    locker.exec('ROLLBACK');
    locker.close();
    await expect.poll(() => writer.stats.writtenRows).toBe(1);
    writer.close();
    db.close();
  });

  it('reports a failed commit through onFlushError and lastError, keeps the rows and retries them', async () => {
    const { db } = openRequestLog(tempDbPath());
    const failures: { message: string; queuedRows: number }[] = [];
    const writer = new RequestLogWriter(db, {
      flushIntervalMs: 10,
      onFlushError: (error, queuedRows) => failures.push({ message: error.message, queuedRows }),
    });
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    writer.write(ROWS[0]);
    writer.write(ROWS[1]);
    await expect.poll(() => failures.length).toBeGreaterThan(0);
    expect(failures[0]).toEqual({ message: 'disk says no', queuedRows: 2 });
    expect(writer.stats).toMatchObject({ lastError: 'disk says no', queuedRows: 2, writtenRows: 0 });
    db.exec('DROP TRIGGER refuse');
    // The thread retries on its own timer; nothing else is written meanwhile.
    await expect.poll(() => writer.stats.writtenRows).toBe(2);
    expect(writer.stats).toMatchObject({ lastError: null, queuedRows: 0, droppedRows: 0 });
    expect(stored(db)).toEqual(ROWS.slice(0, 2).map(expected));
    writer.close();
    db.close();
  });

  it('keeps /readyz 200 while the request log refuses writes (predictions still served), saying it backs up', async () => {
    const service = startTestService();
    try {
      service.db.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'disk says no'); END",
      );
      await request(service.server).get('/healthz').expect(200);
      await request(service.server).post('/churn').set('content-type', 'application/json').send('{}');
      await expect.poll(() => service.requestLog.stats.lastError).toBe('disk says no');
      const res = await request(service.server).get('/readyz').expect(200);
      expect(res.body).toMatchObject({ status: 'ready', database: 'backing-up' });
      expect(res.body.requestLog).toMatch(/the last request-log flush failed: disk says no/);
      await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
      expect(service.requestLog.stats.queuedRows).toBeGreaterThan(0);
      service.db.exec('DROP TRIGGER refuse');
      await expect.poll(() => service.requestLog.stats.lastError).toBeNull();
      const healthy = await request(service.server).get('/readyz').expect(200);
      expect(healthy.body).toEqual({ status: 'ready', models: expect.any(Object), database: 'writable' });
      expect(service.requestLog.stats).toMatchObject({ queuedRows: 0, droppedRows: 0 });
    } finally {
      service.stop();
    }
  });

  it('close() commits every queued row before it returns, then refuses rows', () => {
    const path = tempDbPath();
    const { db } = openRequestLog(path);
    const writer = new RequestLogWriter(db, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 2_500; i++) writer.write({ ...ROWS[0], requestId: `r-${i}` });
    writer.close();
    const reader = new Database(path, { readonly: true });
    expect((reader.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n).toBe(2_500);
    reader.close();
    expect(writer.stats).toMatchObject({ writtenRows: 2_500, queuedRows: 0, droppedRows: 0 });
    expect(() => writer.write(ROWS[0])).toThrow(/closed/);
    db.close();
  });
});
