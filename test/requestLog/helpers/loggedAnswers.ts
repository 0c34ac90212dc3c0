import type { Server } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../../src/api/schemas/session.ts';
import { CUSTOMER_TASK } from '../../../src/registry/index.ts';

const NO_SURVIVAL = {
  expected_further_pages: null,
  still_browsing_1: null,
  still_browsing_2: null,
  still_browsing_3: null,
  still_browsing_4: null,
  still_browsing_5: null,
};
const NO_INTERVAL = { interval_level: null, interval_low: null, interval_high: null };
const NO_CUSTOMER = { probability_alive: null, lifetime_value: null, segment: null };

function survivalColumns(survival: { expectedFurtherPages: number; stillBrowsing: number[] }) {
  return {
    expected_further_pages: survival.expectedFurtherPages,
    ...Object.fromEntries(survival.stillBrowsing.map((p, k) => [`still_browsing_${k + 1}`, p])),
  };
}

const customer = {
  customerId: 'c-7',
  asOf: '2025-12-30',
  transactions: [
    { date: '2025-01-03', amount: 29.33 },
    { date: '2025-04-20', amount: 17.23 },
    { date: '2025-10-02', amount: 14.96 },
  ],
};

/**
 * The tests every request store passes: the real app behind a real HTTP server (tiny session
 * models with interval and survival, the committed customer-value model) answers each endpoint,
 * and every number the answer served comes back from the store's log bit for bit.
 */
export function describeLoggedAnswers(
  storeName: string,
  harness: () => {
    server: Server;
    /** The log row of a request id, once everything queued is committed. */
    rowOf(requestId: string): Promise<Record<string, unknown>>;
  },
): void {
  const post = (path: string, body: object) => request(harness().server).post(path).send(body);
  const rowOf = (requestId: string) => harness().rowOf(requestId);

  describe(`the ${storeName} request log keeps what each answer served`, () => {
    it('/churn and /churn/batch: the survival view, point for point', async () => {
      const single = await post('/churn', SESSION_EXAMPLE).expect(200);
      expect(single.body.survival.stillBrowsing).toHaveLength(5);
      expect(await rowOf(single.body.requestId)).toMatchObject({
        prediction: single.body.churnProbability,
        ...survivalColumns(single.body.survival),
        ...NO_INTERVAL,
        ...NO_CUSTOMER,
      });
      const shorter = { ...SESSION_EXAMPLE, pages: SESSION_EXAMPLE.pages.slice(0, 1) };
      const batch = await post('/churn/batch', { sessions: [SESSION_EXAMPLE, shorter] }).expect(200);
      expect(batch.body.results[0].survival).not.toEqual(batch.body.results[1].survival);
      for (const result of batch.body.results)
        expect(await rowOf(result.requestId)).toMatchObject(survivalColumns(result.survival));
    });

    it('/session-value and its batch: the interval at the level served', async () => {
      for (const path of ['/session-value', '/session-value?level=0.93']) {
        const res = await post(path, SESSION_EXAMPLE).expect(200);
        expect(res.body.interval.high).toBeGreaterThan(res.body.interval.low);
        expect(await rowOf(res.body.requestId)).toMatchObject({
          prediction: res.body.expectedRemainingRevenueYuan,
          interval_level: res.body.interval.level,
          interval_low: res.body.interval.low,
          interval_high: res.body.interval.high,
          ...NO_SURVIVAL,
          ...NO_CUSTOMER,
        });
      }
      const batch = await post('/session-value/batch?level=0.6', { sessions: [SESSION_EXAMPLE] }).expect(200);
      const [result] = batch.body.results;
      expect(await rowOf(result.requestId)).toMatchObject({
        interval_level: 0.6,
        interval_low: result.interval.low,
        interval_high: result.interval.high,
      });
    });

    it('/customers/value and its batch: P(alive) and CLV per customer, and the segment answered', async () => {
      const single = await post('/customers/value', customer).expect(200);
      expect(single.body.probabilityAlive).toBeGreaterThan(0);
      expect(await rowOf(single.body.requestId)).toMatchObject({
        task: CUSTOMER_TASK,
        client_session_id: 'c-7',
        probability_alive: single.body.probabilityAlive,
        lifetime_value: single.body.lifetimeValue,
        ...NO_INTERVAL,
        ...NO_SURVIVAL,
      });
      const other = {
        customerId: 'c-8',
        asOf: '2025-12-30',
        transactions: customer.transactions.slice(0, 1),
      };
      const batch = await post('/customers/value/batch', { customers: [customer, other] }).expect(200);
      const [first, second] = batch.body.results;
      expect(first.probabilityAlive).not.toBe(second.probabilityAlive);
      for (const result of batch.body.results) {
        expect(await rowOf(result.requestId)).toMatchObject({
          probability_alive: result.probabilityAlive,
          lifetime_value: result.lifetimeValue,
          // NULL until /customers/value answers a segment (issue 14), then the segment answered.
          segment: result.segment?.name ?? result.segment ?? null,
        });
      }
    });

    it('a rejected request logs none of them', async () => {
      const res = await post('/session-value', { pages: [] }).expect(422);
      expect(await rowOf(String(res.headers['x-request-id']))).toMatchObject({
        status: 422,
        ...NO_INTERVAL,
        ...NO_SURVIVAL,
        ...NO_CUSTOMER,
      });
    });
  });
}
