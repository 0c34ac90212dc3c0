import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_MAX_CUSTOMERS } from '../../src/api/routes/policyRoutes.ts';
import { startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService();
});
afterAll(() => service.stop());

const MODEL = {
  bgNbd: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
  gammaGamma: { p: 6.2488, q: 3.7446, v: 15.4477 },
};
const CUSTOMERS = Array.from({ length: 300 }, (_, i) => ({
  customerId: `c${i}`,
  x: i % 7,
  tx: i % 7 === 0 ? 0 : 5 + (i % 30),
  T: 38,
  zbar: i % 7 === 0 ? 0 : 10 + (i % 50),
}));
const POLICIES = [
  {
    name: 'lapsed',
    target: { where: { pAlive: { max: 0.6 } } },
    actionCost: 0.2,
    uplift: { distribution: 'beta', mean: 0.1, sd: 0.03 },
    margin: 0.3,
  },
  { name: 'all', target: {}, actionCost: 0.05, uplift: { distribution: 'fixed', value: 0.05 }, margin: 0.3 },
];
const body = { model: MODEL, customers: CUSTOMERS, policies: POLICIES, draws: 1000, seed: 3 };

describe('POST /policies/simulate', () => {
  it('simulates the policies side by side, deterministically for a seed, with the uplift disclaimer', async () => {
    const first = await request(service.server).post('/policies/simulate').send(body).expect(200);
    expect(first.body.units).toBe(300);
    expect(first.body.disclaimer).toMatch(/Uplift is an assumption/);
    const [lapsed, all] = first.body.policies;
    expect(all.targeted).toBe(300);
    expect(lapsed.targeted).toBeGreaterThan(0);
    expect(lapsed.targeted).toBeLessThan(300);
    expect(all.incrementalRevenue.mean).toBeGreaterThan(0);
    expect(Math.abs(all.incrementalRevenue.mean - 0.05 * all.revenueAtStake)).toBeLessThan(
      4 * all.incrementalRevenue.standardError,
    );
    expect(lapsed.incrementalProfit.low).toBeLessThanOrEqual(lapsed.incrementalProfit.high);
    const again = await request(service.server).post('/policies/simulate').send(body).expect(200);
    expect(again.body).toEqual(first.body);
    const other = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, seed: 4 })
      .expect(200);
    expect(other.body.policies[0].incrementalRevenue.mean).not.toBe(lapsed.incrementalRevenue.mean);
  });

  it('refuses too many customers with 413, too much work and unknown targets with 422', async () => {
    const many = Array.from({ length: POLICY_MAX_CUSTOMERS + 1 }, () => CUSTOMERS[1]);
    const tooMany = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, customers: many })
      .expect(413);
    expect(tooMany.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooMany.body.detail).toMatch(/at most 2000/);
    const heavy = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, customers: many.slice(0, 2000), draws: 100_000 })
      .expect(422);
    expect(heavy.body.detail).toMatch(/exceeds 100,000,000/);
    const segment = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, policies: [{ ...POLICIES[0], target: { segments: ['churn-risk'] } }] })
      .expect(422);
    expect(segment.body.detail).toMatch(/policies\[0\]\.target: the customers sent here carry no segments/);
    const attribute = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, policies: [{ ...POLICIES[0], target: { where: { spend: { min: 1 } } } }] })
      .expect(422);
    expect(attribute.body.detail).toMatch(
      /not an attribute of customers; use one of pAlive, clv, expectedPurchases, x/,
    );
    const invalid = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, policies: [{ ...POLICIES[0], margin: 3 }] })
      .expect(422);
    expect(invalid.body.errors[0].path).toMatch(/policies\[0\]\.margin/);
  });

  it('refuses parameters whose series would crawl with a 422 at once, instead of holding the event loop', async () => {
    // α = 1e-6 and customers acquired today: z = t / (α + T + t) is 1 - 1e-8, so ₂F₁'s series needs
    // millions of terms a customer (minutes for the request); the per-customer budget stops it.
    const crawling = Array.from({ length: POLICY_MAX_CUSTOMERS }, (_, i) => ({
      customerId: `new${i}`,
      x: 0,
      tx: 0,
      T: 0,
      zbar: 0,
    }));
    const slow = await request(service.server)
      .post('/policies/simulate')
      .send({ ...body, model: { ...MODEL, bgNbd: { ...MODEL.bgNbd, alpha: 1e-6 } }, customers: crawling })
      .expect(422);
    expect(slow.body.title).toBe('The model gives no finite prediction');
    await request(service.server).get('/healthz').expect(200);
  });

  it('never answers a mutated body with a 5xx', async () => {
    const small = { ...body, customers: CUSTOMERS.slice(0, 5), draws: 50 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('model', 'customers', 'policies', 'draws', 'seed', 'horizonDays'),
        fc.oneof(
          fc.anything(),
          fc.double(),
          fc.integer(),
          fc.string(),
          fc.constant(null),
          fc.array(fc.anything()),
        ),
        async (field, value) => {
          const res = await request(service.server)
            .post('/policies/simulate')
            .send({ ...small, [field]: value });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          x: fc.integer({ min: 0, max: 300 }),
          tx: fc.double({ min: 0, max: 100, noNaN: true }),
          zbar: fc.double({ min: 0, max: 1e6, noNaN: true }),
        }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        async (customer, r) => {
          const res = await request(service.server)
            .post('/policies/simulate')
            .send({
              ...small,
              model: { ...MODEL, bgNbd: { ...MODEL.bgNbd, r } },
              customers: [{ ...customer, T: customer.tx + 1 }],
            });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });
});
