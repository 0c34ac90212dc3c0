import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSchema } from '../../src/api/schemas/session.ts';
import { passesSessionFastPath } from '../../src/api/schemas/sessionFastPath.ts';
import { FEEDBACK_TOKEN, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
let baseUrl: string;
beforeAll(async () => {
  service = startTestService({ env: { BATCH_MAX_SESSIONS: '5', BODY_LIMIT_BYTES: '200000' } });
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
});
afterAll(() => service.stop());

// Valid sessions, generated from the schema's ranges.
const itemArb = fc.record({
  position: fc.integer({ min: 0, max: 600 }),
  ctr: fc.double({ min: 0, max: 1, noNaN: true }),
  cvr: fc.double({ min: 0, max: 1, noNaN: true }),
  price: fc.double({ min: 0, max: 10_000, noNaN: true }),
  click: fc.constantFrom(0, 1),
  cart: fc.constantFrom(0, 1),
  fav: fc.constantFrom(0, 1),
  purchase: fc.double({ min: 0, max: 10_000, noNaN: true }),
});
const sessionArb = fc.record(
  {
    sessionId: fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }),
    profile: fc.record({
      ageLevel: fc.integer({ min: 0, max: 8 }),
      gender: fc.integer({ min: 0, max: 2 }),
      purchasePower: fc.integer({ min: 0, max: 7 }),
    }),
    hour: fc.integer({ min: 0, max: 23 }),
    pages: fc.array(fc.record({ items: fc.array(itemArb, { maxLength: 6 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
  },
  { requiredKeys: ['profile', 'hour', 'pages'] },
);

// Values that break a field: wrong types, NaN-like strings, huge numbers, unicode, nesting.
const badValueArb = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '',
    [],
    {},
    -1,
    1e308,
    -1e308,
    0.5,
    2 ** 53,
  ),
  fc.string({ unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 4 }),
);

type Json = Record<string, unknown> | unknown[];
/** Every (container, key) pair inside a JSON value, for picking a place to mutate. */
function slots(value: unknown, out: [Json, string | number][] = []): [Json, string | number][] {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      out.push([value, i]);
      slots(value[i], out);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Json, k]);
      slots(v, out);
    }
  }
  return out;
}

const mutationArb = fc.tuple(
  sessionArb,
  fc.nat(),
  fc.constantFrom('replace', 'delete', 'addKey', 'nest'),
  badValueArb,
);
function mutate([session, at, how, bad]: [unknown, number, string, unknown]): unknown {
  const places = slots(session);
  const [container, key] = places[at % places.length];
  const target = container as Record<string | number, unknown>;
  if (how === 'replace') target[key] = bad;
  else if (how === 'delete') Array.isArray(container) ? container.splice(Number(key), 1) : delete target[key];
  else if (how === 'addKey') {
    const host = (Array.isArray(container) ? session : target) as Record<string, unknown>;
    host['\u{1F600}ünïcode'] = bad;
  } else {
    let nested: unknown = bad;
    for (let d = 0; d < 200; d++) nested = [nested];
    target[key] = nested;
  }
  return session;
}

const deepText = (depth: number) => `${'{"pages":'.repeat(1)}${'['.repeat(depth)}${']'.repeat(depth)}}`;
const bodyArb = fc.oneof(
  { weight: 2, arbitrary: sessionArb.map((s) => JSON.stringify(s)) },
  { weight: 6, arbitrary: mutationArb.map((m) => JSON.stringify(mutate(m))) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.array(sessionArb, { maxLength: 7 }).map((sessions) => JSON.stringify({ sessions })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 50_000 }).map(deepText) },
);
const endpointArb = fc.constantFrom(
  '/churn',
  '/session-value',
  '/churn/batch',
  '/session-value/batch',
  '/churn/lines',
  '/feedback',
);

describe('fuzzing the prediction endpoints', () => {
  it('answers 1,000 generated and mutated bodies with a 2xx or a 4xx problem, never a 5xx, and stays up', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(endpointArb, bodyArb, async (endpoint, body) => {
        // In-process through the real app (the same fetch handler the Node server calls), with the
        // content-length a real client sends; the HTTP server is checked at the end.
        const res = await service.app.request(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${FEEDBACK_TOKEN}`,
          },
          body,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        expect(res.status, `${endpoint} ${body.slice(0, 300)} → ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const problem = JSON.parse(text);
          expect(problem.status).toBe(res.status);
          expect(typeof problem.detail).toBe('string');
        }
      }),
      { numRuns: 1_000, seed: 20261123 },
    );
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(300);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    const garbage = await fetch(`${baseUrl}/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '\u0000{',
    });
    expect(garbage.status).toBe(400);
  });

  it('never lets the validation fast path accept a body the zod schema refuses, and accepts every valid session', () => {
    fc.assert(
      fc.property(bodyArb, (text) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return;
        }
        if (passesSessionFastPath(json))
          expect(SessionSchema.safeParse(json).success, text.slice(0, 300)).toBe(true);
      }),
      { numRuns: 2_000, seed: 7 },
    );
    fc.assert(
      fc.property(sessionArb, (session) => {
        expect(passesSessionFastPath(JSON.parse(JSON.stringify(session)))).toBe(true);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
