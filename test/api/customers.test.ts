import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_TASK, readProductionPointer } from '../../src/registry/index.ts';
import { SEGMENT_NAMES } from '../../src/segments/index.ts';
import {
  DEFAULT_LIFETIME,
  trainCustomerValue,
  writeCustomerValueVersion,
} from '../../src/training/clv/index.ts';
import {
  dayNumber,
  simulateTransactions,
  type TransactionReadSummary,
} from '../../src/transactions/index.ts';
import { ADMIN_TOKEN, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
beforeAll(() => {
  service = startTestService({ env: { BATCH_MAX_CUSTOMERS: '5' } });
  cpSync('models/customer-value', join(service.modelsDir, CUSTOMER_TASK), { recursive: true });
  service.models.reloadAll();
});
afterAll(() => service.stop());

const customer = {
  customerId: 'c-1042',
  asOf: '2025-12-30',
  transactions: [
    { date: '2025-01-03', amount: 29.33 },
    { date: '2025-01-20', amount: 12.5 },
    { date: '2025-01-20', amount: 17.23 }, // same day: merged into one purchase of 29.73
    { date: '2025-10-02T14:05:00Z', amount: 14.96 },
  ],
};

const post = (path: string, body: unknown) =>
  request(service.server)
    .post(path)
    .send(body as object);

async function loggedRows(): Promise<
  {
    endpoint: string;
    task: string;
    client_session_id: string | null;
    status: number;
    features: string | null;
    prediction: number | null;
  }[]
> {
  await new Promise((resolve) => setTimeout(resolve, 60));
  return service.db
    .prepare(
      "SELECT endpoint, task, client_session_id, status, features, prediction FROM requests WHERE endpoint LIKE '/customers%' ORDER BY id",
    )
    .all() as never;
}

describe('POST /customers/value', () => {
  it('values one customer from transactions: BG/NBD × Gamma-Gamma, CLV, the supervised models and their top factors', async () => {
    const { status, body } = await post('/customers/value', customer);
    expect(status).toBe(200);
    expect(body.summary).toEqual({
      repeatPurchases: 2,
      daysFirstToLastPurchase: dayNumber(2025, 10, 2) - dayNumber(2025, 1, 3),
      daysSinceFirstPurchase: dayNumber(2025, 12, 30) - dayNumber(2025, 1, 3),
      meanRepeatSpend: expect.closeTo((29.73 + 14.96) / 2, 10),
    });
    expect(body.probabilityAlive).toBeGreaterThan(0);
    expect(body.probabilityAlive).toBeLessThanOrEqual(1);
    expect(body.purchaseProbability).toBeLessThanOrEqual(body.probabilityAlive);
    expect(body.expectedSpend).toBeCloseTo(body.expectedPurchases * body.expectedSpendPerPurchase, 10);
    expect(body.lifetimeValue).toBeGreaterThan(body.expectedSpend);
    expect(body.supervised.topFactors).toHaveLength(3);
    expect(body.modelVersion).toBe(readProductionPointer(service.modelsDir, CUSTOMER_TASK)?.version);
    expect(body.horizonDays).toBe(90);
    // The committed model stores its segments: every customer sent with transactions is placed.
    expect(SEGMENT_NAMES).toContain(body.segment);
    expect(body.rfm.cell).toBe(`${body.rfm.recency}${body.rfm.frequency}${body.rfm.monetary}`);
    expect(body.cluster.id).toBeGreaterThanOrEqual(1);
    expect(body.cluster.probability).toBeGreaterThan(0);
  });

  it('gives the same BG/NBD answer for the summary of the same customer, without the supervised part', async () => {
    const full = (await post('/customers/value', customer)).body;
    const { status, body } = await post('/customers/value', { asOf: customer.asOf, summary: full.summary });
    expect(status).toBe(200);
    expect(body.supervised).toBeNull();
    for (const key of ['probabilityAlive', 'expectedPurchases', 'expectedSpend', 'lifetimeValue'] as const) {
      expect(body[key]).toBeCloseTo(full[key], 10);
    }
  });

  it('values a batch, one request id per customer, and answers 413 beyond BATCH_MAX_CUSTOMERS', async () => {
    const customers = Array.from({ length: 5 }, (_, i) => ({ ...customer, customerId: `c-${i}` }));
    const { status, body } = await post('/customers/value/batch', { customers });
    expect(status).toBe(200);
    expect(body.results.map((r: { customerId: string }) => r.customerId)).toEqual(
      customers.map((c) => c.customerId),
    );
    expect(body.results[4].requestId).toBe(`${body.requestId}.4`);
    const tooMany = await post('/customers/value/batch', { customers: [...customers, customer] });
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooMany.body.detail).toMatch(/6 customers; the limit is BATCH_MAX_CUSTOMERS = 5/);
  });

  it('logs one row per valued customer and one per rejected request', async () => {
    const before = (await loggedRows()).length;
    await post('/customers/value/batch', { customers: [customer, { ...customer, customerId: 'c-2' }] });
    await post('/customers/value', { transactions: [] });
    const rows = (await loggedRows()).slice(before);
    expect(rows.map((r) => [r.endpoint, r.task, r.client_session_id, r.status])).toEqual([
      ['/customers/value/batch', 'customer-value', 'c-1042', 200],
      ['/customers/value/batch', 'customer-value', 'c-2', 200],
      ['/customers/value', 'customer-value', null, 422],
    ]);
    expect(JSON.parse(rows[0]!.features!)).toHaveLength(20);
    expect(rows[0]!.prediction).toBeGreaterThan(0);
  });

  it('reports drift of the customer features and of CLV against the model’s reference', async () => {
    const { log } = simulateTransactions({ customers: 5, seed: 5 });
    const asOf = '2025-12-30';
    const customers = log.customerIds.map((id) => ({
      customerId: id,
      asOf,
      transactions: [] as { date: string; amount: number }[],
    }));
    for (let i = 0; i < log.length; i++) {
      customers[log.customer[i]!]!.transactions.push({
        date: new Date(log.day[i]! * 86_400_000).toISOString().slice(0, 10),
        amount: log.amount[i]!,
      });
    }
    expect((await post('/customers/value/batch', { customers })).status).toBe(200);
    await loggedRows();
    const drift = await request(service.server)
      .get('/monitoring/drift?task=customer-value&since=1h')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(drift.status).toBe(200);
    expect(drift.body.reports).toHaveLength(1);
    const [report] = drift.body.reports;
    expect(report.task).toBe('customer-value');
    expect(report.features.map((f: { name: string }) => f.name)).toContain('recencyDays');
    expect(report.rows).toBeGreaterThanOrEqual(5);
  });

  it('answers bad customers with a 422 problem naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [
        { ...customer, transactions: [{ date: '2025-02-30', amount: 1 }] },
        /transactions\[0\]\.date: "2025-02-30" is not a calendar date/,
      ],
      [
        { ...customer, transactions: [{ date: '2026-01-01', amount: 1 }] },
        /transactions\[0\]\.date: 2026-01-01 is after asOf 2025-12-30/,
      ],
      [{ ...customer, transactions: [{ date: '2025-01-01', amount: -5 }] }, /transactions\[0\]\.amount/],
      [
        {
          customerId: 'x',
          transactions: customer.transactions,
          summary: {
            repeatPurchases: 0,
            daysFirstToLastPurchase: 0,
            daysSinceFirstPurchase: 3,
            meanRepeatSpend: 0,
          },
        },
        /either transactions or summary/,
      ],
      [
        {
          summary: {
            repeatPurchases: 1,
            daysFirstToLastPurchase: 9,
            daysSinceFirstPurchase: 3,
            meanRepeatSpend: 5,
          },
        },
        /must not exceed daysSinceFirstPurchase/,
      ],
      [{ customers: [] }, /customers|transactions/],
    ];
    for (const [body, detail] of cases) {
      const answer = await post('/customers/value', body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.detail).toMatch(detail);
    }
    const batch = await post('/customers/value/batch', {
      customers: [customer, { ...customer, asOf: '2025-13-01' }],
    });
    expect(batch.status).toBe(422);
    expect(batch.body.errors[0].path).toMatch(/^customers\[1\]\.asOf/);
    const malformed = await request(service.server)
      .post('/customers/value')
      .set('content-type', 'application/json')
      .send('{"transactions": [');
    expect(malformed.status).toBe(400);
  });

  it('picks up a promoted model on reload and answers 503 without one', async () => {
    const { log, params } = simulateTransactions({ customers: 1500, seed: 3 });
    const lastDay = params.startDay + params.observationDays - 1;
    const run = trainCustomerValue(log, lastDay, {
      calibrationEnd: lastDay - 90,
      horizonDays: 90,
      timeUnit: 'days',
      lifetime: DEFAULT_LIFETIME,
      seed: 1,
    });
    const read = {
      transactions: log.length,
      customers: 1500,
      format: 'simulated',
      source: 'test',
      linesRead: 0,
      linesKept: 0,
      firstDay: params.startDay,
      lastDay,
      totalAmount: 0,
      rejectedTotal: 0,
      rejected: {},
      firstBadLines: [],
      cancellationLines: 0,
      cancelledAmount: 0,
    } as unknown as TransactionReadSummary;
    const written = writeCustomerValueVersion({
      modelsDir: service.modelsDir,
      run,
      inputPath: null,
      read,
      createdAt: new Date(),
      command: 'test',
      codeVersion: null,
      promote: 'always',
    });
    const reload = await request(service.server)
      .post('/admin/reload')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(reload.status).toBe(200);
    expect(reload.body.outcomes).toContainEqual(
      expect.objectContaining({ task: CUSTOMER_TASK, outcome: 'loaded', version: written.version }),
    );
    expect((await post('/customers/value', customer)).body.modelVersion).toBe(written.version);

    const bare = startTestService();
    try {
      const answer = await request(bare.server).post('/customers/value').send(customer);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toMatch(/No customer-value model is loaded/);
    } finally {
      bare.stop();
      rmSync(bare.dir, { recursive: true, force: true });
    }
  });

  it('answers 300 generated and mutated bodies with a 2xx or a 4xx problem, never a 5xx', async () => {
    const transactionArb = fc.record({
      date: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2025-12-30'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      amount: fc.double({ min: 0, max: 1e6, noNaN: true }),
    });
    const customerArb = fc.record({
      customerId: fc.string({ minLength: 1, maxLength: 20 }),
      asOf: fc.constant('2025-12-30'),
      transactions: fc.array(transactionArb, { minLength: 1, maxLength: 30 }),
    });
    const badValueArb = fc.oneof(
      fc.constantFrom<unknown>(null, true, 'NaN', '', [], {}, -1, 1e308, '2025-02-29', '9999-99-99', 2 ** 53),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(
        customerArb,
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'keep'),
        badValueArb,
        async (body, at, how, bad) => {
          const mutated = structuredClone(body) as Record<string, unknown>;
          const transactions = mutated.transactions as Record<string, unknown>[];
          const target = at % 2 === 0 ? mutated : transactions[at % transactions.length]!;
          const keys = Object.keys(target);
          const key = keys[at % keys.length]!;
          if (how === 'replace') target[key] = bad;
          else if (how === 'delete') delete target[key];
          const single = await post('/customers/value', mutated);
          const batch = await post('/customers/value/batch', { customers: [mutated] });
          for (const answer of [single, batch]) {
            expect(answer.status).toBeLessThan(500);
            if (answer.status >= 400)
              expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
            else {
              const result = answer.body.results?.[0] ?? answer.body;
              expect(Number.isFinite(result.lifetimeValue)).toBe(true);
              expect([...SEGMENT_NAMES, null]).toContain(result.segment);
              if (result.cluster) expect(result.cluster.probability).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
