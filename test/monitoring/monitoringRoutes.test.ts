import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QualityResponseSchema } from '../../src/api/monitoring/index.ts';
import { simulateSessions } from '../../src/data/simulator/index.ts';
import { FEATURE_NAMES, sessionFeatures } from '../../src/features/index.ts';
import { type PageRecord, sessionBodyFromPages } from '../../src/session/index.ts';
import { ADMIN_TOKEN, monitoringApp } from './helpers/monitoringApp.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';
import { CHURN_VERSION, writeTrainedRegistry } from './helpers/scenario.ts';

let log: ReturnType<typeof createTempRequestLog>;
let service: ReturnType<typeof monitoringApp>;
let server: ReturnType<typeof getRequestListener>;
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

beforeAll(() => {
  log = createTempRequestLog();
  const modelsDir = join(log.dir, 'models');
  writeTrainedRegistry(modelsDir, 300, 1);
  service = monitoringApp({ db: log.db, modelsDir });
  server = getRequestListener(service.app.fetch);
});
afterAll(() => {
  service.close();
  log.cleanup();
});

const PATHS = ['/monitoring/drift', '/monitoring/quality', '/monitoring/ops', '/monitoring/performance'];

describe('monitoring endpoints of the real app', () => {
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
    const ok = await request(server).get(`${path}?since=1h&window=15m`).set(auth);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/application\/json/);
    expect(ok.body).toMatchObject({ bucketMs: 900_000, alerts: expect.any(Array) });
    expect(ok.body.toMs - ok.body.fromMs).toBe(3_600_000);
    expect(ok.body.thresholds.psiMajor).toBe(0.25);
  });

  it('sees predictions made through POST /churn: the logged vectors are the feature function of the sessions', async () => {
    const sessions = new Map<number, PageRecord[]>();
    for (const { record, sessionIndex } of simulateSessions({ sessions: 12, seed: 77 })) {
      sessions.set(sessionIndex, [...(sessions.get(sessionIndex) ?? []), record]);
    }
    const expected: Float64Array[] = [];
    for (const [index, pages] of sessions) {
      const answer = await request(server)
        .post('/churn')
        .send(sessionBodyFromPages(`e2e-${index}`, pages));
      expect(answer.status).toBe(200);
      expected.push(
        sessionFeatures({ profile: pages[0].profile, hour: pages[pages.length - 1].hour, pages }),
      );
    }
    service.requestLog.flush();
    const drift = await request(server).get('/monitoring/drift?since=1h&task=churn').set(auth);
    expect(drift.status).toBe(200);
    const [report] = drift.body.reports;
    expect(report).toMatchObject({ task: 'churn', modelVersion: CHURN_VERSION, rows: sessions.size });
    expect(report.features.map((f: { name: string }) => f.name)).toEqual([...FEATURE_NAMES]);
    // 12 rows < minWindowRows: reported, not judged
    expect(report.features.every((f: { psiBand: string }) => f.psiBand === 'insufficient-data')).toBe(true);
    const ageIndex = FEATURE_NAMES.indexOf('ageLevel');
    const meanAge = expected.reduce((sum, x) => sum + x[ageIndex], 0) / expected.length;
    expect(report.features[ageIndex].windowMean).toBeCloseTo(meanAge, 12);
    const ops = await request(server).get('/monitoring/ops?since=1h').set(auth);
    expect(ops.body.byEndpoint).toEqual([
      expect.objectContaining({ endpoint: '/churn', modelVersion: CHURN_VERSION, requests: 12 }),
    ]);
    const quality = await request(server).get('/monitoring/quality?since=1h&window=15m&task=churn').set(auth);
    const body = QualityResponseSchema.parse(quality.body);
    expect(body.overTime).toHaveLength(4);
    expect(body.overTime.reduce((sum, b) => sum + b.requests, 0)).toBe(12);
    expect(body.overTime.reduce((sum, b) => sum + b.tasks[0].rows, 0)).toBe(sessions.size);
  });

  it('computes nearest-rank latency percentiles over logged traffic', async () => {
    const now = Date.now();
    insertRequests(
      log.db,
      Array.from({ length: 300 }, (_, i) => ({
        tsMs: now - 1000 - i,
        endpoint: '/session-value',
        task: 'session-value',
        latencyMs: 1 + (i % 10),
      })),
    );
    const ops = await request(server).get('/monitoring/ops?since=1h').set(auth);
    // latencies 1…10, 30 each: rank ⌈0.5·300⌉ = 150 → 5; ⌈0.95·300⌉ = 285 → 10; ⌈0.99·300⌉ = 297 → 10
    const value = ops.body.byEndpoint.find((e: { endpoint: string }) => e.endpoint === '/session-value');
    expect(value).toMatchObject({ requests: 300, p50LatencyMs: 5, p95LatencyMs: 10, p99LatencyMs: 10 });
  });

  it('rejects a bad duration or too many buckets with 422 problem+json', async () => {
    const bad = await request(server).get('/monitoring/drift?since=yesterday').set(auth);
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
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

  it('lists the monitoring endpoints in the OpenAPI document with the admin security scheme', async () => {
    const doc = await request(server).get('/openapi.json');
    for (const path of PATHS) {
      const operation = doc.body.paths[path]?.get;
      expect(operation?.security).toEqual([{ adminToken: [] }]);
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '422', '503']);
    }
  });
});
