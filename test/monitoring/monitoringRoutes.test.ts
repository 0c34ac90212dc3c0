import { getRequestListener } from '@hono/node-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnReference, type Reference } from '../../src/monitoring/reference.ts';
import { ADMIN_TOKEN, monitoringApp } from './helpers/monitoringApp.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const reference: Reference = {
  referenceSchemaVersion: 1,
  featureVersion: 'f1',
  rows: 4,
  features: [columnReference('a', Float64Array.of(0, 1, 2, 3))],
  prediction: columnReference('prediction', Float64Array.of(0.1, 0.2, 0.3, 0.4)),
};
let log: ReturnType<typeof createTempRequestLog>;
let service: ReturnType<typeof monitoringApp>;
let server: ReturnType<typeof getRequestListener>;

beforeAll(() => {
  log = createTempRequestLog();
  insertRequests(
    log.db,
    Array.from({ length: 300 }, (_, i) => ({
      tsMs: NOW - 1000 * i,
      features: [i % 4],
      prediction: 0.1 + (i % 4) / 10,
      latencyMs: 1 + (i % 10),
    })),
  );
  service = monitoringApp({
    db: log.db,
    models: [{ task: 'churn', version: 'v1', featureNames: ['a'], threshold: 0.5, reference }],
    nowMs: () => NOW,
  });
  server = getRequestListener(service.app.fetch);
});
afterAll(() => {
  service.close();
  log.cleanup();
});

const PATHS = ['/monitoring/drift', '/monitoring/quality', '/monitoring/ops', '/monitoring/performance'];

describe('monitoring endpoints', () => {
  it.each(PATHS)('%s answers 401 problem+json without a token and with a wrong one', async (path) => {
    const missing = await request(server).get(path);
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 401, type: '/problems/unauthorized' });
    const wrong = await request(server).get(path).set('Authorization', 'Bearer not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).toMatch(/not the configured ADMIN_TOKEN/);
  });

  it.each(PATHS)('%s answers 200 JSON with the right token', async (path) => {
    const ok = await request(server)
      .get(`${path}?since=1h&window=15m`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/application\/json/);
    expect(ok.body).toMatchObject({
      fromMs: NOW + 1 - 3_600_000,
      toMs: NOW + 1,
      bucketMs: 900_000,
      alerts: expect.any(Array),
    });
    expect(ok.body.thresholds.psiMajor).toBe(0.25);
  });

  it('reports the logged traffic: drift stable on reference-like data, ops with nearest-rank percentiles', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const drift = await request(server).get('/monitoring/drift?since=1h').set(auth);
    const [report] = drift.body.reports;
    expect(report.rows).toBe(300);
    expect(report.features[0]).toMatchObject({ name: 'a', psiBand: 'stable', drifted: false });
    expect(report.features[0].psi).toBeCloseTo(0, 10);
    const ops = await request(server).get('/monitoring/ops?since=1h').set(auth);
    // latencies 1…10, 30 each: rank ⌈0.5·300⌉ = 150 → 5; ⌈0.99·300⌉ = 297 → 10
    expect(ops.body.byEndpoint[0]).toMatchObject({
      endpoint: '/churn',
      requests: 300,
      p50LatencyMs: 5,
      p99LatencyMs: 10,
    });
  });

  it('rejects a bad duration or too many buckets with 422 problem+json', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const bad = await request(server).get('/monitoring/drift?since=yesterday').set(auth);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('since');
    const many = await request(server).get('/monitoring/ops?since=30d&window=1m').set(auth);
    expect(many.status).toBe(422);
    expect(many.body.detail).toMatch(/at most 500/);
  });

  it('serves the dashboard page and Chart.js from node_modules, without a token', async () => {
    const page = await request(server).get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<canvas id="drift-chart"');
    expect(page.text).toContain('/dashboard/assets/chart.umd.js');
    const chart = await request(server).get('/dashboard/assets/chart.umd.js');
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect(chart.text).toMatch(/Chart\.js v4/);
    expect((await request(server).get('/dashboard/assets/nope.js')).status).toBe(404);
  });
});
