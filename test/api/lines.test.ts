import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINES_EXAMPLE } from '../../src/api/schemas/lines.ts';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { loggedRows, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

const postLines = (path: string, text: string) =>
  request(service.server).post(path).set('content-type', 'text/plain').send(text);

describe('the raw-line form for log-replay clients', () => {
  it('scores lines of the dataset exactly like the same session sent as JSON', async () => {
    const json = await request(service.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    const lines = await postLines('/churn/lines?sessionId=replay-1', LINES_EXAMPLE).expect(200);
    expect(lines.body.churnProbability).toBe(json.body.churnProbability);
    expect(lines.body.topContributions).toEqual(json.body.topContributions);
    expect(lines.body.sessionId).toBe('replay-1');
    const value = await postLines('/session-value/lines', LINES_EXAMPLE.replaceAll(';', '\t')).expect(200);
    const jsonValue = await request(service.server).post('/session-value').send(SESSION_EXAMPLE).expect(200);
    expect(value.body.expectedTotalRevenueYuan).toBe(jsonValue.body.expectedTotalRevenueYuan);
    const row = loggedRows(service).find((r) => r.request_id === lines.body.requestId);
    expect(row).toMatchObject({
      endpoint: '/churn/lines',
      client_session_id: 'replay-1',
      page_count: 2,
      status: 200,
    });
  });

  it('treats a single later page as a page-level request (firstPageId from its page id)', async () => {
    const second = LINES_EXAMPLE.split('\n')[1];
    await postLines('/churn/lines', second).expect(200);
  });

  it('rejects a bad line with its line number and the parser reason', async () => {
    const [first, second] = LINES_EXAMPLE.split('\n');
    const res = await postLines(
      '/churn/lines',
      `${first}\n${second.split(';').slice(0, 10).join(';')}`,
    ).expect(422);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.errors[0].path).toBe('line 2');
    const row = loggedRows(service).find((r) => r.request_id === res.body.requestId);
    expect(String(row?.error_reason)).toMatch(/^invalid-lines:/);
  });

  it('rejects pages out of order, mixed profiles and an empty body', async () => {
    const [first, second] = LINES_EXAMPLE.split('\n');
    const reversed = await postLines('/churn/lines', `${second}\n${first}`).expect(422);
    expect(reversed.body.detail).toMatch(/does not follow/);
    const otherUser = second.replace(/^1;21;3;1;4;/, '1;21;5;1;4;');
    expect((await postLines('/churn/lines', `${first}\n${otherUser}`).expect(422)).body.detail).toMatch(
      /profile/,
    );
    await postLines('/churn/lines', '').expect(422);
    await postLines('/churn/lines', Array.from({ length: 13 }, () => first).join('\n')).expect(422);
  });
});
