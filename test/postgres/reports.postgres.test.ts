import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/api/config.ts';
import { ModelStore } from '../../src/api/models/index.ts';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { runMonitor } from '../../src/monitoring/cli/runMonitor.ts';
import { computeReport, REPORT_KINDS, type ReportArgs } from '../../src/monitoring/computeReport.ts';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import {
  openReportDatabase,
  openRequestLog,
  type RequestStore,
  sqliteRequestStore,
} from '../../src/monitoring/requestLog/index.ts';
import { openPostgresStore } from '../../src/monitoring/requestLog/postgres/index.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import { servedModelData } from '../../src/registry/servedModel.ts';
import { ADMIN_TOKEN, FEEDBACK_TOKEN } from '../api/helpers/testService.ts';
import { writeTinyRegistry } from '../api/helpers/tinyModels.ts';
import {
  CHURN_THRESHOLD,
  CHURN_VERSION,
  SHIFTED_PARAMS,
  servedModels,
  trainingReferences,
  VALUE_VERSION,
} from '../monitoring/helpers/scenario.ts';
import { simulatedRows } from '../monitoring/helpers/simulatedTraffic.ts';
import { createTestDatabase } from './testDatabase.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
let sqlite: RequestStore;
let postgres: RequestStore;
let args: ReportArgs;
const NOW = Date.now();

/** The same traffic into both stores, through each store's own writer and feedback recorder. */
async function replayIntoBoth(stores: RequestStore[]): Promise<void> {
  const rows = simulatedRows({ sessions: 400, seed: 5, params: SHIFTED_PARAMS });
  const fromMs = NOW - 3_600_000;
  for (let r = 0; r < rows.rows; r++) {
    const tsMs = fromMs + r * Math.floor(3_500_000 / rows.rows);
    const latencyMs = 0.5 + ((r * 7919) % 1000) / 100;
    const churn = rows.churnProbability[r] as number;
    const common = {
      tsMs,
      clientSessionId: `s-${rows.sessionIndex[r]}`,
      featureVersion: 'f1',
      features: rows.vectors[r] as Float64Array,
      pageCount: rows.pageCount[r] as number,
      errorReason: null,
    };
    for (const store of stores) {
      store.writer.write({
        ...common,
        endpoint: '/churn',
        requestId: `c-${r}`,
        task: 'churn',
        modelVersion: CHURN_VERSION,
        prediction: churn,
        decision: churn >= CHURN_THRESHOLD ? 1 : 0,
        latencyMs,
        status: r % 97 === 0 ? 500 : 200,
        survival: { expectedFurtherPages: 3 * (1 - churn), stillBrowsing: [0.9, 0.7, 0.5, 0.3, 0.1] },
      });
      store.writer.write({
        ...common,
        endpoint: '/session-value',
        requestId: `v-${r}`,
        task: 'session-value',
        modelVersion: VALUE_VERSION,
        prediction: rows.expectedRemainingRevenueYuan[r] as number,
        decision: null,
        latencyMs: latencyMs * 1.5,
        status: 200,
        // Two levels served, bounds around the prediction: the live coverage reads them back.
        interval: {
          level: r % 2 ? 0.8 : 0.9,
          low: Math.max(0, (rows.expectedRemainingRevenueYuan[r] as number) - 20),
          high: (rows.expectedRemainingRevenueYuan[r] as number) + (r % 2 ? 30 : 60),
        },
      });
      if (r % 4 === 0) {
        const lifetimeValue = ((r * 7919) % 5000) / 10;
        store.writer.write({
          ...common,
          endpoint: '/customers/value',
          requestId: `cv-${r}`,
          clientSessionId: `customer-${r}`,
          task: 'customer-value',
          modelVersion: 'clv-1',
          featureVersion: null,
          features: null,
          pageCount: null,
          prediction: lifetimeValue,
          decision: null,
          latencyMs,
          status: 200,
          probabilityAlive: ((r * 37) % 1000) / 1000,
          lifetimeValue,
          segment: ['churn-risk', 'high-value', 'other', null][(r / 4) % 4],
        });
      }
      if (r % 13 === 0) {
        store.writer.write({
          ...common,
          endpoint: '/churn',
          requestId: `bad-${r}`,
          task: 'churn',
          modelVersion: null,
          features: null,
          prediction: null,
          decision: null,
          latencyMs: 0.2,
          status: 422,
          errorReason: 'invalid:pages.items.ctr',
        });
      }
    }
  }
  for (const store of stores) await store.writer.flush();
  // Outcomes for every third page: by request id and by client session + page count.
  for (let r = 0; r < rows.rows; r += 3) {
    for (const store of stores) {
      await store.recordFeedback({ requestId: `c-${r}`, churned: rows.churned[r] ? 1 : 0 }, NOW - 1000);
      await store.recordFeedback(
        {
          clientSessionId: `s-${rows.sessionIndex[r]}`,
          pageCount: rows.pageCount[r],
          realisedRevenueYuan: rows.remainingRevenueYuan[r],
        },
        NOW - 1000,
      );
    }
  }
}

/** Numbers to 9 significant digits: sums and averages may differ in the last bits between engines. */
const rounded = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (_, v) =>
      typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v,
    ),
  );

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'postgres-reports-'));
  sqlite = sqliteRequestStore(openRequestLog(join(dir, 'requests.sqlite')).db);
  ({ store: postgres } = await openPostgresStore(database.url, { flushIntervalMs: 20 }));
  await replayIntoBoth([sqlite, postgres]);
  const references = trainingReferences(1500, 1);
  args = {
    models: servedModels(references).map(servedModelData),
    window: resolveTimeWindow({ since: '2h', window: '15m', nowMs: NOW }),
    thresholds: DEFAULT_THRESHOLDS,
  };
}, 120_000);
afterAll(async () => {
  await sqlite.close();
  await postgres.close();
  rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

describe('monitoring on the PostgreSQL request log', () => {
  it('every report equals the SQLite report of the same traffic', () => {
    const fromSqlite = openReportDatabase(sqlite.reportDatabase);
    const fromPostgres = openReportDatabase(postgres.reportDatabase);
    try {
      for (const kind of REPORT_KINDS) {
        const expected = rounded(computeReport(kind, fromSqlite, args));
        expect(rounded(computeReport(kind, fromPostgres, args)), kind).toEqual(expected);
      }
      // The traffic is not trivial: drift found, server errors and rejections counted, outcomes joined.
      const [churnDrift] = computeReport('drift', fromPostgres, args);
      expect(churnDrift?.alerts.join(' ')).toMatch(/ageLevel/);
      const ops = computeReport('ops', fromPostgres, args);
      expect(ops.byEndpoint.find((e) => e.modelVersion === CHURN_VERSION)?.serverErrors).toBeGreaterThan(0);
      expect(ops.byEndpoint.find((e) => e.modelVersion === '-')?.clientErrors).toBeGreaterThan(0);
      const [churnPerformance] = computeReport('performance', fromPostgres, args);
      expect(churnPerformance?.byVersion[0]?.labelled).toBeGreaterThan(100);
      const valuePerformance = computeReport('performance', fromPostgres, args)[1];
      expect(valuePerformance?.byVersion[0]?.intervalCoverageByLevel.map((c) => c.level)).toEqual([0.8, 0.9]);
      const customers = computeReport('customers', fromPostgres, args);
      expect(customers.customers).toBeGreaterThan(100);
      expect(customers.probabilityAlive?.p90).toBeGreaterThan(customers.probabilityAlive?.p10 ?? 1);
      expect(customers.segments.map((s) => s.segment)).toEqual(['churn-risk', 'high-value', 'other', null]);
    } finally {
      fromSqlite.close();
      fromPostgres.close();
    }
  });

  it('npm run monitor -- <report> --db postgres://… answers as with the SQLite file', () => {
    const modelsDir = join(dir, 'models');
    writeTinyRegistry(modelsDir);
    const monitor = (db: string) => {
      let stdout = '';
      const code = runMonitor(['ops', '--db', db, '--models', modelsDir, '--since', '2h', '--json'], {
        stdout: (t) => (stdout += t),
        stderr: () => {},
        env: {},
        nowMs: NOW,
      });
      return { code, json: rounded(JSON.parse(stdout)) };
    };
    const fromPostgres = monitor(database.url);
    expect(fromPostgres).toEqual(monitor(join(dir, 'requests.sqlite')));
    expect(fromPostgres.code).toBe(1); // the 500s cross the server-error threshold
    // DATABASE_URL is the default --db, as for the service.
    let stdout = '';
    runMonitor(['ops', '--models', modelsDir, '--since', '2h', '--json'], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      env: { DATABASE_URL: database.url, DB_PATH: join(dir, 'nothing.sqlite') },
      nowMs: NOW,
    });
    expect(rounded(JSON.parse(stdout))).toEqual(fromPostgres.json);
  });

  it('the service on a PostgreSQL store logs, takes feedback, is ready and reports off the event loop', async () => {
    const other = await createTestDatabase();
    const modelsDir = join(dir, 'service-models');
    writeTinyRegistry(modelsDir);
    const { store } = await openPostgresStore(other.url, { flushIntervalMs: 20 });
    const config = loadConfig({
      ADMIN_TOKEN,
      FEEDBACK_TOKEN,
      MODELS_DIR: modelsDir,
      DATABASE_URL: other.url,
    });
    const models = new ModelStore({ modelsDir, logger: pino({ level: 'silent' }) });
    models.reloadAll();
    const service = createApp({ config, store, models, logger: pino({ level: 'silent' }) });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          service.app.request('/churn', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...SESSION_EXAMPLE, sessionId: `web-${i}` }),
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(new Array(20).fill(200));
      const { requestId } = (await (answers[0] as Response).json()) as { requestId: string };
      await service.requestLog.flush();
      const feedback = await service.app.request('/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
        body: JSON.stringify({ requestId, churned: true }),
      });
      expect(await feedback.json()).toMatchObject({ matchedPredictions: 1 });
      expect((await service.app.request('/readyz')).status).toBe(200);
      const ops = await service.app.request('/monitoring/ops?since=1h', {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(ops.status).toBe(200);
      const body = (await ops.json()) as { totalRequests: number };
      expect(body.totalRequests).toBe(20);
    } finally {
      await service.close();
      await other.drop();
    }
  });
});
