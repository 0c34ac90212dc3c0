import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { ADMIN_TOKEN, FEEDBACK_TOKEN, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

const feedbackRows = () =>
  service.db.prepare('SELECT * FROM feedback ORDER BY id').all() as Record<string, unknown>[];

describe('POST /feedback', () => {
  it('records an outcome by request id and reports the prediction it matches', async () => {
    const churn = await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    service.requestLog.flush();
    const res = await request(service.server)
      .post('/feedback')
      .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
      .send({ requestId: churn.body.requestId, churned: true })
      .expect(201);
    expect(res.body.matchedPredictions).toBe(1);
    expect(feedbackRows().at(-1)).toMatchObject({
      request_id: churn.body.requestId,
      churned: 1,
      realised_revenue: null,
    });
  });

  it('records an outcome by client session id and page count', async () => {
    await request(service.server)
      .post('/session-value')
      .send({ ...SESSION_EXAMPLE, sessionId: 'fb-2' })
      .expect(200);
    service.requestLog.flush();
    const res = await request(service.server)
      .post('/feedback')
      .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
      .send({ sessionId: 'fb-2', pageCount: 2, churned: false, realisedRevenueYuan: 59.9 })
      .expect(201);
    expect(res.body.matchedPredictions).toBe(1);
    expect(feedbackRows().at(-1)).toMatchObject({
      client_session_id: 'fb-2',
      page_count: 2,
      churned: 0,
      realised_revenue: 59.9,
    });
  });

  it.each([
    ['neither id', { churned: true }, 'requestId'],
    ['both ids', { requestId: 'a', sessionId: 'b', churned: true }, 'requestId'],
    ['no outcome', { requestId: 'a' }, 'churned'],
    ['pageCount with a requestId', { requestId: 'a', pageCount: 2, churned: true }, 'pageCount'],
    ['negative revenue', { sessionId: 'b', realisedRevenueYuan: -1 }, 'realisedRevenueYuan'],
  ])('rejects feedback with %s, naming the field', async (_what, body, path) => {
    const res = await request(service.server)
      .post('/feedback')
      .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
      .send(body)
      .expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('POST /feedback: a write token, and no work on the event loop', () => {
  const post = (token: string | null, body: object = { sessionId: 'x', churned: true }) => {
    const req = request(service.server).post('/feedback');
    if (token !== null) req.set('authorization', `Bearer ${token}`);
    return req.send(body);
  };

  it('answers 401 without the FEEDBACK_TOKEN, also to the admin token, and 503 when none is configured', async () => {
    expect((await post(null)).status).toBe(401);
    const admin = await post(ADMIN_TOKEN);
    expect(admin.status).toBe(401);
    expect(admin.body.detail).toMatch(/not the configured FEEDBACK_TOKEN/);
    const stored = feedbackRows().length;
    const unconfigured = startTestService({ env: { FEEDBACK_TOKEN: '' } });
    try {
      const res = await request(unconfigured.server)
        .post('/feedback')
        .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
        .send({ sessionId: 'x', churned: true });
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/No FEEDBACK_TOKEN is configured/);
    } finally {
      unconfigured.stop();
    }
    expect(feedbackRows()).toHaveLength(stored);
  });

  it('counts the matches of a hot session id only up to 1000', async () => {
    const insert = service.db.prepare(
      "INSERT INTO requests (ts_ms, endpoint, request_id, client_session_id, latency_ms, status) VALUES (?, '/churn', ?, 'hot', 1, 200)",
    );
    service.db.transaction(() => {
      for (let i = 0; i < 2500; i++) insert.run(Date.now(), `hot-${i}`);
    })();
    const res = await post(FEEDBACK_TOKEN, { sessionId: 'hot', churned: false }).expect(201);
    expect(res.body.matchedPredictions).toBe(1000);
  });

  it('keeps answering other requests while the outcome waits for the database (it is on the writer thread)', async () => {
    // Another connection holds the write lock: the writer thread waits for it, the event loop must not.
    const blocker = new Database(service.db.name);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const pending = post(FEEDBACK_TOKEN, { sessionId: 'locked', churned: true }).then((res) => res.status);
      let settled = false;
      void pending.then(() => {
        settled = true;
      });
      const health = await request(service.server).get('/healthz');
      expect(health.status).toBe(200);
      expect(settled).toBe(false);
      blocker.exec('COMMIT');
      expect(await pending).toBe(201);
    } finally {
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
    }
  });

  it('answers 503 with Retry-After when the log refuses the write (disk full), and stores nothing', async () => {
    const stored = feedbackRows().length;
    service.db.exec(
      "CREATE TRIGGER disk_full BEFORE INSERT ON feedback BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    try {
      const res = await post(FEEDBACK_TOKEN, { sessionId: 'full', churned: true });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(/database or disk is full.*send it again after 5 s/);
    } finally {
      service.db.exec('DROP TRIGGER disk_full');
    }
    expect(feedbackRows()).toHaveLength(stored);
    expect((await post(FEEDBACK_TOKEN, { sessionId: 'full', churned: true })).status).toBe(201);
  });
});
