import { cpSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { CUSTOMER_TASK } from '../../src/registry/index.ts';
import { ADMIN_TOKEN, FEEDBACK_TOKEN, startTestService, type TestService } from './helpers/testService.ts';
import { CHURN_V1, VALUE_V1 } from './helpers/tinyModels.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

describe('operations endpoints', () => {
  it('reports the process alive on /healthz', async () => {
    expect((await request(service.server).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('reports ready with both model versions when models are loaded and the database is writable', async () => {
    const res = await request(service.server).get('/readyz').expect(200);
    expect(res.body).toEqual({
      status: 'ready',
      models: { churn: CHURN_V1, 'session-value': VALUE_V1 },
      database: 'writable',
    });
  });

  it('lists the served models with their metrics, threshold and reference', async () => {
    const res = await request(service.server).get('/models').expect(200);
    expect(res.body.missing).toEqual([]);
    expect(res.body.models.map((m: { task: string; version: string }) => [m.task, m.version])).toEqual([
      ['churn', CHURN_V1],
      ['session-value', VALUE_V1],
    ]);
    expect(res.body.models[0]).toMatchObject({
      kind: 'logistic-regression',
      threshold: 0.4,
      metrics: { rocAuc: 0.71 },
      featureVersion: 'f1',
      hasReference: true,
    });
  });

  it('exposes request counters, the duration histogram and the in-flight gauge with route and model version', async () => {
    await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    await request(service.server).post('/churn').send({}).expect(422);
    const res = await request(service.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(
      `http_requests_total{route="/churn",method="POST",status="200",model_version="${CHURN_V1}"} 1`,
    );
    expect(res.text).toContain(
      'http_requests_total{route="/churn",method="POST",status="422",model_version=""} 1',
    );
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",route="\/churn",/);
    expect(res.text).toContain('# TYPE http_requests_in_flight gauge');
    expect(res.text).toContain(`model_info{task="churn",version="${CHURN_V1}",kind="logistic-regression"} 1`);
    expect(res.text).toContain('request_log_queued_rows');
  });

  it('keeps metrics per app instance (a second app starts from zero)', async () => {
    const other = startTestService();
    try {
      const res = await request(other.server).get('/metrics').expect(200);
      expect(res.text).not.toContain('route="/churn"');
    } finally {
      other.stop();
    }
  });

  it('reports not ready, with a problem naming what is missing, when no models are loaded', async () => {
    const empty = startTestService({ withModels: false });
    try {
      const res = await request(empty.server).get('/readyz').expect(503);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body.detail).toMatch(/no churn model is loaded.*no session-value model is loaded/);
      const churn = await request(empty.server).post('/churn').send(SESSION_EXAMPLE).expect(503);
      expect(churn.body.type).toBe('/problems/model-unavailable');
      await request(empty.server).get('/healthz').expect(200);
    } finally {
      empty.stop();
    }
  });

  it('sets secure headers with a same-origin content security policy', async () => {
    const res = await request(service.server).get('/healthz');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('documentation', () => {
  it('serves the OpenAPI document with every endpoint', async () => {
    const res = await request(service.server).get('/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/churn',
        '/churn/batch',
        '/session-value',
        '/session-value/batch',
        '/feedback',
      ]),
    );
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('accepts the example of every request body in the document', async () => {
    // A service of its own, with the committed customer-value model to answer the /customers examples.
    const service = startTestService();
    cpSync('models/customer-value', join(service.modelsDir, CUSTOMER_TASK), { recursive: true });
    expect(service.models.reload(CUSTOMER_TASK).outcome).toBe('loaded');
    try {
      const doc = (await request(service.server).get('/openapi.json')).body;
      const schemas = doc.components.schemas;
      let posted = 0;
      for (const [path, item] of Object.entries(doc.paths) as [
        string,
        Record<string, Record<string, unknown>>,
      ][]) {
        type Content = Record<string, { schema: { $ref?: string; example?: unknown } }>;
        const content = (item.post as { requestBody?: { content: Content } } | undefined)?.requestBody
          ?.content;
        if (!content) continue;
        for (const [mediaType, { schema }] of Object.entries(content)) {
          const example = schema.$ref
            ? schemas[schema.$ref.split('/').at(-1) as string].example
            : schema.example;
          expect(example, `${path} has a request example`).toBeDefined();
          const res = await request(service.server)
            .post(path)
            .set('content-type', mediaType)
            .set('authorization', `Bearer ${FEEDBACK_TOKEN}`)
            .send(mediaType === 'application/json' ? example : String(example));
          expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
          posted++;
        }
      }
      // 4 session JSON routes, 2 /lines, /feedback, 2 /customers/value, /policies/simulate.
      expect(posted).toBe(10);
    } finally {
      service.stop();
    }
  });

  it('serves the interactive docs page and its assets locally (no CDN)', async () => {
    const page = await request(service.server).get('/docs').expect(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const bundle = await request(service.server).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(Number(bundle.headers['content-length'] ?? bundle.body.length)).toBeGreaterThan(100_000);
    await request(service.server).get('/docs/assets/swagger-ui.css').expect(200);
    expect((await request(service.server).get('/docs/init.js').expect(200)).text).toContain(
      "url: '/openapi.json'",
    );
    await request(service.server).get('/docs/assets/..%2Fpackage.json').expect(404);
  });
});

describe('admin endpoints', () => {
  it('refuse a reload without a token, and with a wrong one, in a 401 problem', async () => {
    const none = await request(service.server).post('/admin/reload').expect(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body.type).toBe('/problems/unauthorized');
    await request(service.server)
      .post('/admin/reload')
      .set('authorization', 'Bearer wrong-token-0000000000')
      .expect(401);
  });

  it('reload with the right token and report each task', async () => {
    const res = await request(service.server)
      .post('/admin/reload')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(res.body.outcomes).toEqual([
      { task: 'churn', outcome: 'unchanged', version: CHURN_V1, previousVersion: CHURN_V1 },
      { task: 'session-value', outcome: 'unchanged', version: VALUE_V1, previousVersion: VALUE_V1 },
    ]);
  });

  it('answer 503 explaining how to enable them when ADMIN_TOKEN is not configured', async () => {
    const open = startTestService({ env: { ADMIN_TOKEN: '' } });
    try {
      const res = await request(open.server)
        .post('/admin/reload')
        .set('authorization', 'Bearer anything')
        .expect(503);
      expect(res.body.detail).toMatch(/ADMIN_TOKEN/);
    } finally {
      open.stop();
    }
  });
});
