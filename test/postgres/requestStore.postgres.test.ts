import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequestLog } from '../../src/monitoring/requestLog/index.ts';
import {
  migratePostgres,
  openPostgresStore,
  POSTGRES_MIGRATIONS,
  PostgresOpenError,
  PostgresRequestLogWriter,
} from '../../src/monitoring/requestLog/postgres/index.ts';
import type { RequestRow } from '../../src/monitoring/requestLog/requestRow.ts';
import { createTestDatabase } from './testDatabase.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** The rows' and outcomes' time: 2027-01-15, so retention is tested against a fixed clock. */
const DAY0 = 1_800_000_000_000;
const row = (i: number, overrides: Partial<RequestRow> = {}): RequestRow => ({
  tsMs: 1_800_000_000_000 + i,
  endpoint: '/churn',
  requestId: `req-${i}`,
  clientSessionId: i % 2 ? `s-${i}` : null,
  task: 'churn',
  modelVersion: 'v1',
  featureVersion: 'f1',
  features: Float64Array.of(i, 0.5, -1e-7),
  prediction: i / 1000,
  decision: i % 2 ? 1 : 0,
  pageCount: 1 + (i % 12),
  latencyMs: 1.25,
  status: 200,
  errorReason: null,
  ...overrides,
});

describe('the PostgreSQL request log', () => {
  it('has the SQLite schema: same tables, same columns in the same order', async () => {
    // Several replicas starting at once: the advisory lock lets exactly one run each migration.
    const results = await Promise.all([migratePostgres(pool), migratePostgres(pool), migratePostgres(pool)]);
    expect(results.flatMap((r) => r.applied)).toEqual([1, 2]);
    expect(results.map((r) => r.toVersion)).toEqual([2, 2, 2]);
    const { db } = openRequestLog(':memory:');
    for (const table of ['requests', 'feedback']) {
      const sqlite = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      const { rows } = await pool.query(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [table],
      );
      expect(rows.map((r) => r.column_name)).toEqual(sqlite);
    }
    db.close();
  });

  it('refuses a database whose schema is newer than the code, naming it without the password', async () => {
    const other = await createTestDatabase();
    try {
      const direct = new pg.Pool({ connectionString: other.url });
      await migratePostgres(direct);
      await direct.query(
        `INSERT INTO schema_migrations (version, description) VALUES (99, 'from the future')`,
      );
      await direct.end();
      const withPassword = other.url.replace('retention@', 'retention:s3cret@');
      const opened = openPostgresStore(withPassword);
      await expect(opened).rejects.toBeInstanceOf(PostgresOpenError);
      await expect(opened).rejects.toThrow(/schema version 99 is newer than this code knows \(2\)/);
      await expect(opened).rejects.not.toThrow(/s3cret/);
    } finally {
      await other.drop();
    }
  });

  it('migrates a log created by the previous schema (v1) in place: old rows kept, new columns NULL', async () => {
    const other = await createTestDatabase();
    const direct = new pg.Pool({ connectionString: other.url, max: 2 });
    try {
      await migratePostgres(
        direct,
        POSTGRES_MIGRATIONS.filter((m) => m.version === 1),
      );
      await direct.query(`INSERT INTO requests (ts_ms, endpoint, request_id, task, prediction, latency_ms, status)
        VALUES (1800000000000, '/session-value', 'old-1', 'session-value', 3.5, 1, 200)`);
      expect(await migratePostgres(direct)).toEqual({ fromVersion: 1, toVersion: 2, applied: [2] });
      const writer = new PostgresRequestLogWriter(direct);
      writer.write(row(1, { requestId: 'new-1', interval: { level: 0.9, low: 0.5, high: 7.25 } }));
      await writer.close();
      const { rows } = await direct.query(
        'SELECT request_id, prediction, interval_level, interval_low, interval_high, lifetime_value FROM requests ORDER BY id',
      );
      expect(rows).toEqual([
        {
          request_id: 'old-1',
          prediction: 3.5,
          interval_level: null,
          interval_low: null,
          interval_high: null,
          lifetime_value: null,
        },
        {
          request_id: 'new-1',
          prediction: 0.001,
          interval_level: 0.9,
          interval_low: 0.5,
          interval_high: 7.25,
          lifetime_value: null,
        },
      ]);
    } finally {
      await direct.end();
      await other.drop();
    }
  });

  it('commits queued rows within the flush window, in one statement per batch, exactly as written', async () => {
    const writer = new PostgresRequestLogWriter(pool, { flushIntervalMs: 30 });
    for (let i = 0; i < 250; i++)
      writer.write(
        row(i, {
          survival:
            i === 7 ? { expectedFurtherPages: 2.41, stillBrowsing: [0.69, 0.52, 0.4, 0.31, 0.23] } : null,
          probabilityAlive: i === 8 ? 0.7321 : null,
          lifetimeValue: i === 8 ? 81.5 : null,
          segment: i === 8 ? 'loyal' : null,
        }),
      );
    expect(writer.stats.queuedRows).toBe(250);
    // No flush() call: the timer commits them.
    await expect
      .poll(async () => (await pool.query('SELECT COUNT(*)::int AS n FROM requests')).rows[0].n, {
        timeout: 2000,
        interval: 20,
      })
      .toBe(250);
    // The rows are visible to other connections a moment before the writer has heard its commit back.
    await expect.poll(() => writer.stats.writtenRows, { timeout: 2000, interval: 10 }).toBe(250);
    expect(writer.stats).toMatchObject({ writtenRows: 250, queuedRows: 0, flushes: 1, lastError: null });
    const { rows } = await pool.query(
      `SELECT ts_ms, request_id, client_session_id, features, prediction, decision, page_count, latency_ms, status,
         expected_further_pages, still_browsing_1, still_browsing_5, probability_alive, segment
       FROM requests WHERE request_id IN ('req-7', 'req-8') ORDER BY id`,
    );
    expect(rows[0]).toEqual({
      ts_ms: String(1_800_000_000_007), // a raw pool: BIGINT as text (the service's pools parse numbers)
      request_id: 'req-7',
      client_session_id: 's-7',
      features: '[7,0.5,-1e-7]',
      prediction: 0.007,
      decision: 1,
      page_count: 8,
      latency_ms: 1.25,
      status: 200,
      expected_further_pages: 2.41,
      still_browsing_1: 0.69,
      still_browsing_5: 0.23,
      probability_alive: null,
      segment: null,
    });
    expect(rows[1]).toMatchObject({
      expected_further_pages: null,
      probability_alive: 0.7321,
      segment: 'loyal',
    });
    await writer.close();
    expect(() => writer.write(row(1))).toThrow(/closed/);
  });

  it('keeps the rows of a failed commit and commits them when the database takes writes again', async () => {
    const errors: string[] = [];
    const writer = new PostgresRequestLogWriter(pool, {
      flushIntervalMs: 20,
      onFlushError: (error) => errors.push(error.message),
    });
    await pool.query('ALTER TABLE requests RENAME TO requests_away');
    try {
      for (let i = 1000; i < 1100; i++)
        writer.write(row(i, { errorReason: 'x', status: 422, features: null }));
      await expect
        .poll(() => writer.stats.lastError, { timeout: 2000 })
        .toMatch(/relation "requests" does not exist/);
      expect(writer.stats.queuedRows).toBe(100);
    } finally {
      await pool.query('ALTER TABLE requests_away RENAME TO requests');
    }
    await expect.poll(() => writer.stats.writtenRows, { timeout: 2000 }).toBe(100);
    expect(writer.stats.lastError).toBeNull();
    expect((await pool.query(`SELECT COUNT(*)::int AS n FROM requests WHERE status = 422`)).rows[0].n).toBe(
      100,
    );
    expect(errors.length).toBeGreaterThan(0);
    await writer.close();
  });

  it('drops the oldest rows beyond maxBufferedRows while the database refuses, and counts them', async () => {
    const writer = new PostgresRequestLogWriter(pool, {
      flushIntervalMs: 10_000,
      maxQueueRows: 10,
      maxBufferedRows: 25,
    });
    await pool.query('ALTER TABLE requests RENAME TO requests_away');
    try {
      for (let i = 0; i < 40; i++) writer.write(row(5000 + i));
      await writer.flush();
      expect(writer.stats.droppedRows).toBe(15);
      expect(writer.stats.queuedRows).toBe(25);
    } finally {
      await pool.query('ALTER TABLE requests_away RENAME TO requests');
    }
    await writer.close();
    const { rows } = await pool.query(
      `SELECT MIN(request_id) AS first, COUNT(*)::int AS n FROM requests WHERE request_id LIKE 'req-50__'`,
    );
    expect(rows[0]).toEqual({ first: 'req-5015', n: 25 });
  });

  it('records feedback and counts the predictions it matches, deletes expired rows, reports writability', async () => {
    const { store } = await openPostgresStore(database.url, { flushIntervalMs: 10 });
    try {
      store.writer.write(row(9001, { requestId: 'fb-1', clientSessionId: 'shop-1', pageCount: 3 }));
      store.writer.write(row(9002, { requestId: 'fb-2', clientSessionId: 'shop-1', pageCount: 4 }));
      store.writer.write(
        row(9003, { requestId: 'fb-3', clientSessionId: 'shop-1', pageCount: 4, status: 422 }),
      );
      await store.writer.flush();
      expect(await store.recordFeedback({ requestId: 'fb-1', churned: 1 }, DAY0)).toMatchObject({
        matchedPredictions: 1,
      });
      expect(
        await store.recordFeedback({ clientSessionId: 'shop-1', pageCount: 4, churned: 0 }, DAY0),
      ).toMatchObject({
        matchedPredictions: 1,
      });
      expect(
        await store.recordFeedback({ clientSessionId: 'shop-1', realisedRevenueYuan: 12.5 }, DAY0),
      ).toMatchObject({
        matchedPredictions: 2,
      });
      const receipt = await store.recordFeedback({ requestId: 'nothing-yet' }, DAY0);
      expect(receipt).toEqual({ id: expect.any(Number), matchedPredictions: 0 });
      expect(await store.writeProblem()).toBeNull();

      // Every row is older than 30 days at `now`; the feedback of 29 days ago stays.
      const now = 1_800_000_000_000 + 40 * 86_400_000;
      await store.recordFeedback({ requestId: 'fb-2', churned: 1 }, now - 29 * 86_400_000);
      const before = (await pool.query('SELECT COUNT(*)::int AS n FROM requests')).rows[0].n;
      const deleted = await store.deleteExpiredRows(30, now);
      expect(deleted).toEqual({ requests: before, feedback: 4 });
      expect((await pool.query('SELECT COUNT(*)::int AS n FROM feedback')).rows[0].n).toBe(1);
      expect((await pool.query('SELECT COUNT(*)::int AS n FROM requests')).rows[0].n).toBe(0);
    } finally {
      await store.close();
    }
  });
});
