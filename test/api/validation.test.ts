import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { loggedRows, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService({ env: { BODY_LIMIT_BYTES: '20000' } });
});
afterAll(() => service.stop());

type Body = typeof SESSION_EXAMPLE & Record<string, unknown>;
const mutate = (change: (body: Body) => void): unknown => {
  const body = structuredClone(SESSION_EXAMPLE) as Body;
  change(body);
  return body;
};
const item = (body: Body) => body.pages[0].items[0] as Record<string, unknown>;
const fullPage = {
  items: Array.from({ length: 50 }, (_, i) => ({ ...SESSION_EXAMPLE.pages[0].items[0], position: i })),
};

// Every rule of the session schema: [what breaks it, the body, the field path the problem names].
const RULES: [string, unknown, string][] = [
  ['a missing profile', mutate((b) => Reflect.deleteProperty(b, 'profile')), 'profile'],
  ['ageLevel above 8', mutate((b) => (b.profile.ageLevel = 9)), 'profile.ageLevel'],
  ['a fractional gender', mutate((b) => (b.profile.gender = 1.5)), 'profile.gender'],
  ['purchasePower below 0', mutate((b) => (b.profile.purchasePower = -1)), 'profile.purchasePower'],
  ['an unknown profile key', mutate((b) => Object.assign(b.profile, { income: 3 })), 'profile'],
  ['hour 24', mutate((b) => (b.hour = 24)), 'hour'],
  ['hour as a string', mutate((b) => Object.assign(b, { hour: '21' })), 'hour'],
  ['no pages', mutate((b) => (b.pages = [])), 'pages'],
  ['13 pages', mutate((b) => (b.pages = Array.from({ length: 13 }, () => b.pages[0]))), 'pages'],
  ['firstPageId past the last page', mutate((b) => Object.assign(b, { firstPageId: 11 })), 'pages'],
  ['firstPageId 12', mutate((b) => Object.assign(b, { firstPageId: 12 })), 'firstPageId'],
  [
    '51 items on a page',
    mutate((b) => (b.pages[0] = { items: [...fullPage.items, fullPage.items[0]] })),
    'pages[0].items',
  ],
  ['a page without items', mutate((b) => Object.assign(b.pages[0], { items: undefined })), 'pages[0].items'],
  ['position above 600', mutate((b) => (item(b).position = 601)), 'pages[0].items[0].position'],
  ['ctr above 1', mutate((b) => (item(b).ctr = 1.5)), 'pages[0].items[0].ctr'],
  ['cvr below 0', mutate((b) => (item(b).cvr = -0.1)), 'pages[0].items[0].cvr'],
  ['a negative price', mutate((b) => (item(b).price = -5)), 'pages[0].items[0].price'],
  ['a huge price', mutate((b) => (item(b).price = 1e300)), 'pages[0].items[0].price'],
  ['click = 2', mutate((b) => (item(b).click = 2)), 'pages[0].items[0].click'],
  ['cart = true', mutate((b) => (item(b).cart = true)), 'pages[0].items[0].cart'],
  ['fav missing', mutate((b) => Reflect.deleteProperty(item(b), 'fav')), 'pages[0].items[0].fav'],
  ['purchase "NaN"', mutate((b) => (item(b).purchase = 'NaN')), 'pages[0].items[0].purchase'],
  ['an unknown item key', mutate((b) => (item(b).brand = 'x')), 'pages[0].items[0]'],
  ['an empty sessionId', mutate((b) => (b.sessionId = '')), 'sessionId'],
  ['a 129-character sessionId', mutate((b) => (b.sessionId = 'x'.repeat(129))), 'sessionId'],
  ['an array body', [SESSION_EXAMPLE], '(root)'],
];

describe('validation of a session body', () => {
  it.each(RULES)('rejects %s with a 422 problem naming the field', async (_rule, body, path) => {
    const res = await request(service.server)
      .post('/churn')
      .send(body as object)
      .expect(422);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/validation-error', status: 422, instance: '/churn' });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(res.body.detail).toContain(res.body.errors[0].path);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+\.ts:\d+/);
  });

  it('accepts a full page of 50 items and 12 pages', async () => {
    const body = {
      ...SESSION_EXAMPLE,
      pages: Array.from({ length: 12 }, () => ({ items: fullPage.items.slice(0, 10) })),
    };
    await request(service.server).post('/churn').send(body).expect(200);
    await request(service.server)
      .post('/churn')
      .send({ ...SESSION_EXAMPLE, pages: [fullPage] })
      .expect(200);
  });

  it('accepts a page-level request (firstPageId with only the current page)', async () => {
    const res = await request(service.server)
      .post('/session-value')
      .send({ ...SESSION_EXAMPLE, firstPageId: 4, pages: SESSION_EXAMPLE.pages.slice(1) })
      .expect(200);
    expect(res.body.expectedRemainingRevenueYuan).toBeGreaterThanOrEqual(0);
  });
});

describe('malformed requests', () => {
  it('answers malformed JSON with a 400 problem', async () => {
    const res = await request(service.server)
      .post('/churn')
      .set('content-type', 'application/json')
      .send('{"profile": ')
      .expect(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/malformed-request', status: 400 });
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('answers a non-JSON content type with a 415 problem', async () => {
    const res = await request(service.server)
      .post('/churn')
      .set('content-type', 'text/plain')
      .send('hi')
      .expect(415);
    expect(res.body.type).toBe('/problems/unsupported-media-type');
  });

  it('answers a body over BODY_LIMIT_BYTES with a 413 problem', async () => {
    const res = await request(service.server)
      .post('/churn/batch')
      .send({ sessions: Array.from({ length: 40 }, () => SESSION_EXAMPLE) })
      .expect(413);
    expect(res.body).toMatchObject({ type: '/problems/body-too-large', status: 413 });
    expect(res.body.detail).toMatch(/20000 bytes/);
  });

  it('answers a streamed body without Content-Length over the limit with a 413 problem', async () => {
    const big = JSON.stringify({ sessions: Array.from({ length: 40 }, () => SESSION_EXAMPLE) });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await service.app.request('/churn/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { type: string }).type).toBe('/problems/body-too-large');
  });

  it('answers an unknown route with a 404 problem and a wrong method with 405', async () => {
    const res = await request(service.server).get('/nope').expect(404);
    expect(res.body).toMatchObject({ type: '/problems/not-found', status: 404, instance: '/nope' });
    await request(service.server).get('/churn').expect(405);
  });

  it('logs every rejected prediction request with its status and a reason', async () => {
    const bad = await request(service.server)
      .post('/session-value')
      .send(mutate((b) => (b.hour = 99)) as object)
      .expect(422);
    const rows = loggedRows(service);
    const row = rows.find((r) => r.request_id === bad.body.requestId);
    expect(row).toMatchObject({
      endpoint: '/session-value',
      status: 422,
      error_reason: 'invalid:hour',
      prediction: null,
      features: null,
      task: 'session-value',
    });
    const reasons = new Set(rows.map((r) => r.error_reason));
    expect(reasons).toContain('body-too-large');
    expect(reasons).toContain('malformed-request');
    expect(reasons).toContain('unsupported-media-type');
    expect(reasons).toContain('invalid:pages.items.ctr');
  });
});
