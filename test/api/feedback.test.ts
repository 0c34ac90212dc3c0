import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { startTestService, type TestService } from './helpers/testService.ts';

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
    const res = await request(service.server).post('/feedback').send(body).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
