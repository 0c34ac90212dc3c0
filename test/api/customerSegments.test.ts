import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COHORTS_FILE, CUSTOMER_TASK, versionDir } from '../../src/registry/index.ts';
import { SEGMENT_NAMES } from '../../src/segments/index.ts';
import {
  type CustomerValueRun,
  DEFAULT_LIFETIME,
  simulatedReadSummary,
  trainCustomerValue,
  writeCustomerValueVersion,
} from '../../src/training/clv/index.ts';
import {
  formatDay,
  simulateTransactions,
  type TransactionReadSummary,
} from '../../src/transactions/index.ts';
import { ADMIN_TOKEN, startTestService, type TestService } from './helpers/testService.ts';

let service: TestService;
let run: CustomerValueRun;
let version: string;
let calibrationEnd: number;
let read: TransactionReadSummary;
let customers: { customerId: string; asOf: string; transactions: { date: string; amount: number }[] }[];

/** A small customer-value model fitted on simulated customers, served by a real app. */
beforeAll(() => {
  service = startTestService();
  const { log, params } = simulateTransactions({ customers: 800, seed: 21 });
  const lastDay = params.startDay + params.observationDays - 1;
  calibrationEnd = lastDay - 90;
  read = simulatedReadSummary(log, { firstDay: params.startDay, lastDay });
  run = trainCustomerValue(log, lastDay, {
    calibrationEnd,
    horizonDays: 90,
    timeUnit: 'weeks',
    lifetime: DEFAULT_LIFETIME,
    seed: 2,
  });
  version = writeCustomerValueVersion(versionInputs()).version;
  service.models.reloadAll();
  // Every customer's purchases up to the cut-off: the population the segmentation was fitted on.
  const asOf = formatDay(calibrationEnd);
  const byCustomer = new Map<number, { date: string; amount: number }[]>();
  for (let i = 0; i < log.length; i++) {
    if (log.day[i]! > calibrationEnd) continue;
    const list = byCustomer.get(log.customer[i]!) ?? [];
    list.push({ date: formatDay(log.day[i]!), amount: log.amount[i]! });
    byCustomer.set(log.customer[i]!, list);
  }
  customers = [...byCustomer].map(([c, transactions]) => ({
    customerId: log.customerIds[c]!,
    asOf,
    transactions,
  }));
});
afterAll(() => service?.stop());

function versionInputs() {
  return {
    modelsDir: service.modelsDir,
    run,
    inputPath: null,
    read,
    createdAt: new Date(),
    command: 'test',
    codeVersion: null,
    promote: 'always' as const,
  };
}

describe('the segment of a customer in the /customers/value answer', () => {
  it('places every training customer as the training population was segmented', async () => {
    const { status, body } = await request(service.server).post('/customers/value/batch').send({ customers });
    expect(status).toBe(200);
    const results = body.results as {
      segment: string;
      rfm: { recency: number; frequency: number; monetary: number; cell: string };
      cluster: { id: number; probability: number };
    }[];
    expect(results).toHaveLength(run.segmentation.customers);
    const segmentCounts = SEGMENT_NAMES.map((name) => results.filter((r) => r.segment === name).length);
    expect(segmentCounts).toEqual(run.segmentation.profiles.segments.map((p) => p.customers));
    const clusterCounts = run.segmentation.profiles.clusters.map(
      (_, c) => results.filter((r) => r.cluster.id === c + 1).length,
    );
    expect(clusterCounts).toEqual(run.segmentation.profiles.clusters.map((p) => p.customers));
    for (const r of results) {
      expect(r.rfm.cell).toBe(`${r.rfm.recency}${r.rfm.frequency}${r.rfm.monetary}`);
      expect(r.cluster.probability).toBeGreaterThan(0);
      expect(r.cluster.probability).toBeLessThanOrEqual(1);
    }
    // The request log keeps each customer's segment (one row per customer of the batch).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const logged = service.db
      .prepare("SELECT segment FROM requests WHERE endpoint = '/customers/value/batch' ORDER BY id")
      .all() as { segment: string | null }[];
    expect(logged.map((row) => row.segment)).toEqual(results.map((r) => r.segment));
    // Quintiles of the training customers: the top monetary score holds about a fifth of them.
    const topMonetary = results.filter((r) => r.rfm.monetary === 5).length / results.length;
    expect(topMonetary).toBeGreaterThan(0.1);
    expect(topMonetary).toBeLessThan(0.3);
  });

  it('answers null segment, rfm and cluster for a summary (it lacks the spend and recent-window columns)', async () => {
    const { status, body } = await request(service.server)
      .post('/customers/value')
      .send({
        summary: {
          repeatPurchases: 2,
          daysFirstToLastPurchase: 100,
          daysSinceFirstPurchase: 200,
          meanRepeatSpend: 30,
        },
      });
    expect(status).toBe(200);
    expect([body.segment, body.rfm, body.cluster]).toEqual([null, null, null]);
  });

  it('refuses a version whose stored segmentation or cohorts are broken, and keeps serving the old one', () => {
    const next = writeCustomerValueVersion({
      ...versionInputs(),
      createdAt: new Date(Date.now() + 1000),
    });
    const dir = versionDir(service.modelsDir, CUSTOMER_TASK, next.version);
    const bundleText = readFileSync(join(dir, 'model.json'), 'utf8');
    const bundle = JSON.parse(bundleText);
    bundle.segmentation.rfmEdges.monetary = [1, 2];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(bundle));
    const refused = service.models.reload(CUSTOMER_TASK);
    expect(refused.outcome).toBe('refused');
    expect(refused.error).toMatch(/segmentation\.rfmEdges\.monetary/);
    expect(service.models.get(CUSTOMER_TASK)?.version).toBe(version);

    writeFileSync(join(dir, 'model.json'), bundleText);
    writeFileSync(join(dir, COHORTS_FILE), '{"cohorts": 3}');
    const badCohorts = service.models.reload(CUSTOMER_TASK);
    expect(badCohorts.outcome).toBe('refused');
    expect(badCohorts.error).toMatch(/cohorts\.json is invalid/);
    expect(service.models.get(CUSTOMER_TASK)?.version).toBe(version);
  });

  it('serves the dashboard tab: training profiles, cohorts and the live segment mix (GET /monitoring/segments)', async () => {
    const get = (query: string, token = ADMIN_TOKEN) =>
      request(service.server).get(`/monitoring/segments${query}`).set('authorization', `Bearer ${token}`);
    const { status, body } = await get('?since=1h');
    expect(status).toBe(200);
    expect(body.modelVersion).toBe(version);
    expect(body.segments).toEqual(run.segmentation.profiles.segments);
    expect(body.clusters).toEqual(run.segmentation.profiles.clusters);
    expect(body.cohorts.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(800);
    expect(body.cohorts.retention.every((row: (number | null)[]) => row[0] === 1)).toBe(true);
    // Every customer valued so far in this file: the batch of training customers (placed) and the summary (not).
    const placed = run.segmentation.profiles.segments.filter((p) => p.customers > 0);
    expect(body.live.customers).toBe(run.segmentation.customers + 1);
    expect(body.live.segments).toEqual([
      ...placed.map((p) => ({
        segment: p.segment,
        customers: p.customers,
        share: expect.closeTo(p.customers / (run.segmentation.customers + 1), 12),
      })),
      { segment: null, customers: 1, share: expect.closeTo(1 / (run.segmentation.customers + 1), 12) },
    ]);

    for (const query of ['?since=yesterday', '?since=-1h']) {
      const bad = await get(query);
      expect(bad.status, query).toBe(422);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.detail).toMatch(/since/);
    }
    expect((await get('', 'wrong-token')).status).toBe(401);
    const bare = startTestService();
    try {
      const answer = await request(bare.server)
        .get('/monitoring/segments')
        .set('authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toMatch(/No customer-value model is loaded/);
    } finally {
      bare.stop();
    }
  });
});
