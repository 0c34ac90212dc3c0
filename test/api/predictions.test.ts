import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { FEATURE_INDEX, FEATURE_NAMES } from '../../src/features/index.ts';
import { loggedRows, startTestService, type TestService } from './helpers/testService.ts';
import { CHURN_V1, VALUE_V1 } from './helpers/tinyModels.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('POST /churn', () => {
  it('answers the probability of the tiny logistic model, its decision, threshold and top contributions', async () => {
    const res = await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    // Example: clicks on both pages (2 so far), no-click streak 0, page id 1.
    const logit = -1 + 0.4 * 0 - 0.3 * 2 + 0.1 * 1;
    expect(res.body.churnProbability).toBeCloseTo(sigmoid(logit), 12);
    expect(res.body).toMatchObject({
      sessionId: 'web-7f3a9c',
      modelVersion: CHURN_V1,
      threshold: 0.4,
      churn: sigmoid(logit) >= 0.4,
      bias: -1,
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.topContributions[0]).toEqual({ feature: 'clicksSoFar', value: 2, contribution: -0.6 });
    expect(res.body.topContributions[1]).toEqual({ feature: 'pageId', value: 1, contribution: 0.1 });
    expect(res.body.topContributions).toHaveLength(5);
  });

  it('answers the survival view: 1 − churn for one more page, then the pages-ahead hazards', async () => {
    const res = await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    // Page 1 of at most 12: up to 10 further pages; P(another | j − 1 more) = σ(1 − 0.2·j) for j ≥ 2.
    const curve = [1 - res.body.churnProbability];
    for (let j = 2; j <= 10; j++) curve.push(curve[j - 2] * sigmoid(1 - 0.2 * j));
    const { survival } = res.body;
    for (const [k, p] of (survival.stillBrowsing as number[]).entries()) expect(p).toBeCloseTo(curve[k], 12);
    expect(survival.stillBrowsing).toHaveLength(5);
    expect(survival.expectedFurtherPages).toBeCloseTo(
      curve.reduce((a, b) => a + b, 0),
      12,
    );
  });

  it('logs the request with the feature vector the model saw, prediction, decision and page count', async () => {
    const res = await request(service.server)
      .post('/churn')
      .send({ ...SESSION_EXAMPLE, sessionId: 'log-check' })
      .expect(200);
    const row = loggedRows(service).find((r) => r.request_id === res.body.requestId);
    expect(row).toMatchObject({
      endpoint: '/churn',
      client_session_id: 'log-check',
      task: 'churn',
      model_version: CHURN_V1,
      feature_version: 'f1',
      prediction: res.body.churnProbability,
      decision: res.body.churn ? 1 : 0,
      page_count: 2,
      status: 200,
      error_reason: null,
    });
    const features = JSON.parse(String(row?.features));
    expect(features).toHaveLength(FEATURE_NAMES.length);
    expect(features[FEATURE_INDEX.clicksSoFar]).toBe(2);
    expect(row?.latency_ms).toBeGreaterThan(0);
  });
});

describe('POST /session-value', () => {
  it('answers revenue so far, expected remaining and total revenue of the tiny linear model', async () => {
    const purchased = structuredClone(SESSION_EXAMPLE);
    purchased.pages[1].items[1].purchase = 249;
    const res = await request(service.server).post('/session-value').send(purchased).expect(200);
    const features = JSON.parse(String(loggedRows(service).at(-1)?.features));
    const expectedRemaining = 1.5 + 0.5 * features[FEATURE_INDEX.expectedValueSoFarYuan];
    expect(res.body.modelVersion).toBe(VALUE_V1);
    expect(res.body.revenueSoFarYuan).toBe(249);
    expect(res.body.expectedRemainingRevenueYuan).toBeCloseTo(expectedRemaining, 12);
    expect(res.body.expectedTotalRevenueYuan).toBeCloseTo(249 + expectedRemaining, 12);
    // Default level 0.8: μ ± q·μ^(1.5/2), q = 1.6 in the tiny calibration, cut at 0.
    const halfWidth = 1.6 * expectedRemaining ** 0.75;
    expect(res.body.interval.level).toBe(0.8);
    expect(res.body.interval.low).toBeCloseTo(Math.max(0, expectedRemaining - halfWidth), 12);
    expect(res.body.interval.high).toBeCloseTo(expectedRemaining + halfWidth, 12);
  });

  it('answers the interval at the level asked for, and refuses a level it has no calibration for', async () => {
    const res = await request(service.server)
      .post('/session-value?level=0.9')
      .send(SESSION_EXAMPLE)
      .expect(200);
    const mu = res.body.expectedRemainingRevenueYuan;
    expect(res.body.interval).toEqual({
      level: 0.9,
      low: expect.closeTo(Math.max(0, mu - 1.8 * mu ** 0.75), 12),
      high: expect.closeTo(mu + 1.8 * mu ** 0.75, 12),
    });
    const batch = await request(service.server)
      .post('/session-value/batch?level=0.5')
      .send({ sessions: [SESSION_EXAMPLE] })
      .expect(200);
    expect(batch.body.results[0].interval.level).toBe(0.5);
    for (const level of ['0.42', '0.955', 'high', '1']) {
      const bad = await request(service.server)
        .post(`/session-value?level=${level}`)
        .send(SESSION_EXAMPLE)
        .expect(422);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body.detail).toMatch(/0\.50 to 0\.99/);
    }
  });
});

describe('the batch endpoints', () => {
  it('score every session of a churn batch, each with its own request id and log row', async () => {
    const sessions = [
      SESSION_EXAMPLE,
      { ...SESSION_EXAMPLE, sessionId: 'second', pages: SESSION_EXAMPLE.pages.slice(0, 1) },
    ];
    const single = await request(service.server).post('/churn').send(sessions[1]).expect(200);
    const res = await request(service.server).post('/churn/batch').send({ sessions }).expect(200);
    expect(res.body.results).toHaveLength(2);
    expect(res.body.results[1].churnProbability).toBe(single.body.churnProbability);
    expect(res.body.results.map((r: { requestId: string }) => r.requestId)).toEqual([
      `${res.body.requestId}.0`,
      `${res.body.requestId}.1`,
    ]);
    const rows = loggedRows(service).filter((r) => String(r.request_id).startsWith(res.body.requestId));
    expect(rows.map((r) => [r.endpoint, r.client_session_id, r.page_count])).toEqual([
      ['/churn/batch', 'web-7f3a9c', 2],
      ['/churn/batch', 'second', 1],
    ]);
  });

  it('score a session-value batch', async () => {
    const res = await request(service.server)
      .post('/session-value/batch')
      .send({ sessions: [SESSION_EXAMPLE, SESSION_EXAMPLE] })
      .expect(200);
    expect(res.body.results[0].expectedTotalRevenueYuan).toBe(res.body.results[1].expectedTotalRevenueYuan);
  });

  it('refuse more sessions than BATCH_MAX_SESSIONS with the limit in the problem', async () => {
    const sessions = Array.from({ length: service.config.BATCH_MAX_SESSIONS + 1 }, () => SESSION_EXAMPLE);
    const res = await request(service.server).post('/churn/batch').send({ sessions }).expect(422);
    expect(res.body.errors[0].path).toBe('sessions');
    expect(res.body.errors[0].message).toMatch(/100/);
  });
});
