import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINES_EXAMPLE } from '../../src/api/schemas/lines.ts';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

const body = JSON.stringify(SESSION_EXAMPLE);
const post = (path: string, contentType: string, payload: string | Buffer = body) =>
  request(service.server).post(path).set('content-type', contentType).send(payload);

describe('HTTP details', () => {
  it('takes JSON only as application/json (parameters and case aside)', async () => {
    for (const contentType of [
      'application/jsonx',
      'application/json-patch+json',
      'text/json',
      'text/plain',
    ]) {
      for (const path of ['/churn', '/session-value/batch', '/feedback']) {
        const res = await post(path, contentType);
        expect(res.status, `${path} as ${contentType}`).toBe(415);
        expect(res.body.type).toBe('/problems/unsupported-media-type');
        expect(res.body.detail).toBe(
          `POST ${path} takes Content-Type: application/json, not ${contentType}.`,
        );
      }
    }
    await post('/churn', 'application/json; charset=utf-8').expect(200);
    await post('/churn', 'Application/JSON').expect(200);
  });

  it('takes raw lines only as text/plain, and refuses bytes that are not UTF-8 with 400', async () => {
    const json = await post('/churn/lines', 'application/json', LINES_EXAMPLE);
    expect(json.status).toBe(415);
    expect(json.body.detail).toMatch(/takes Content-Type: text\/plain, not application\/json/);
    await post('/churn/lines', 'text/plain; charset=utf-8', LINES_EXAMPLE).expect(200);
    const latin1 = await post('/churn/lines', 'text/plain', Buffer.from([0x30, 0x3b, 0xe9, 0xff, 0x0a]));
    expect(latin1.status).toBe(400);
    expect(latin1.body.detail).toMatch(/not valid UTF-8 text/);
  });

  it('answers a known path with the wrong method 405 with Allow, an unknown path 404', async () => {
    const get = await request(service.server).get('/churn');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(get.body.type).toBe('/problems/method-not-allowed');
    const del = await request(service.server).delete('/healthz');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
    await request(service.server).get('/churn/nope').expect(404);
    // A GET route that finds nothing stays a 404.
    await request(service.server).get('/docs/assets/nope.js').expect(404);
  });

  it('answers an oversized body 413 before authentication, speaking of batches only on a batch', async () => {
    const big = 'x'.repeat(service.config.BODY_LIMIT_BYTES + 1);
    const reload = await post('/admin/reload', 'application/json', big);
    expect(reload.status).toBe(413);
    expect(reload.body.detail).toBe(
      `The body of POST /admin/reload exceeds BODY_LIMIT_BYTES (${service.config.BODY_LIMIT_BYTES} bytes).`,
    );
    const batch = await post('/churn/batch', 'application/json', big);
    expect(batch.status).toBe(413);
    expect(batch.body.detail).toMatch(/send fewer sessions per batch\.$/);
  });

  it('names the configured MODELS_DIR in the /readyz and model-unavailable details', async () => {
    const empty = startTestService({ withModels: false });
    try {
      const ready = await request(empty.server).get('/readyz').expect(503);
      const pointer = join(empty.modelsDir, 'churn', 'production.json');
      expect(ready.body.detail).toContain(`no churn model is loaded (${pointer})`);
      const churn = await request(empty.server).post('/churn').send(SESSION_EXAMPLE).expect(503);
      expect(churn.body.detail).toContain(`${pointer} is missing or invalid`);
    } finally {
      empty.stop();
    }
  });
});
