import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { timeOrderedId } from '../../src/api/timeOrderedId.ts';
import { loggedRows, startTestService } from './helpers/testService.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('request ids', () => {
  const service = startTestService();
  afterAll(() => service.stop());

  it('are UUIDv7 carrying the time they were made', () => {
    const before = Date.now();
    const id = timeOrderedId();
    expect(id).toMatch(UUID_V7);
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(Date.now());
    expect(millisOf(timeOrderedId(Date.UTC(2026, 10, 23, 12)))).toBe(Date.UTC(2026, 10, 23, 12));
  });

  it('sort by time across milliseconds and never repeat', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => timeOrderedId(1_795_000_000_000 + (i >> 10)));
    expect(new Set(ids).size).toBe(ids.length);
    const byMillisecond = ids.filter((_, i) => i % 1024 === 0);
    expect([...byMillisecond].sort()).toEqual(byMillisecond);
  });

  it('are what /churn answers, sends as X-Request-Id and logs, unless the client sent its own', async () => {
    const res = await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    expect(res.body.requestId).toMatch(UUID_V7);
    expect(res.headers['x-request-id']).toBe(res.body.requestId);
    expect(loggedRows(service).some((r) => r.request_id === res.body.requestId)).toBe(true);
    const own = await request(service.server)
      .post('/churn')
      .set('x-request-id', 'shop-backend-42')
      .send(SESSION_EXAMPLE)
      .expect(200);
    expect(own.body.requestId).toBe('shop-backend-42');
  });
});
