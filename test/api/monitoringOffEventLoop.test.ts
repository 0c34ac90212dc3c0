import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { computeReport, type ReportKind } from '../../src/monitoring/computeReport.ts';
import type { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { ReportRunner } from '../../src/monitoring/reportRunner.ts';
import {
  CRASHING_REPORT_THREAD_URL,
  crashNextReportThread,
} from '../monitoring/helpers/crashingReportThread.ts';
import { insertFeedback, insertRequests, type LoggedRequest } from '../monitoring/helpers/requestLogDb.ts';
import { spawnServer } from './helpers/serverProcess.ts';
import { ADMIN_TOKEN, startTestService, type TestService } from './helpers/testService.ts';
import { CHURN_V1, VALUE_V1 } from './helpers/tinyModels.ts';

// Enough logged /churn predictions that a drift report takes about a CPU-second (≈ 10 µs a row).
const CHURN_ROWS = 100_000;
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
let service: TestService;
let baseUrl: string;

beforeAll(async () => {
  service = startTestService();
  const nowMs = Date.now();
  const churn: LoggedRequest[] = Array.from({ length: CHURN_ROWS }, (_, i) => ({
    tsMs: nowMs - 1_000 - (i % 3_000_000), // the last 50 minutes
    requestId: `churn-${i}`,
    modelVersion: CHURN_V1,
    features: Array.from({ length: 45 }, (_, j) => ((i * 31 + j * 7) % 97) / 10),
    prediction: (i % 100) / 100,
    decision: i % 100 >= 40 ? 1 : 0,
    latencyMs: 1 + (i % 13),
  }));
  const value: LoggedRequest[] = Array.from({ length: 2_000 }, (_, i) => ({
    tsMs: nowMs - 1_000 - i * 1_000,
    requestId: `value-${i}`,
    task: 'session-value',
    modelVersion: VALUE_V1,
    features: Array.from({ length: 45 }, (_, j) => (i + j) % 5),
    prediction: i % 40,
  }));
  const rejected: LoggedRequest[] = Array.from({ length: 300 }, (_, i) => ({
    tsMs: nowMs - 2_000 - i,
    task: null,
    modelVersion: null,
    featureVersion: null,
    status: 422,
    errorReason: 'invalid:pages.items.ctr',
  }));
  insertRequests(service.db, [...churn, ...value, ...rejected]);
  insertFeedback(service.db, [
    ...Array.from({ length: 500 }, (_, i) => ({
      tsMs: nowMs - 500,
      requestId: `churn-${i}`,
      churned: (i % 3 === 0 ? 1 : 0) as 0 | 1,
    })),
    ...Array.from({ length: 200 }, (_, i) => ({
      tsMs: nowMs - 500,
      requestId: `value-${i}`,
      realisedRevenueYuan: i % 50,
    })),
  ]);
  // The byte-for-byte checks rebuild each report synchronously on this thread, which also runs the
  // server: on a loaded machine that can outlast Node's 5 s keep-alive timeout, whose timer then
  // fires just as fetch reuses the idle socket for the next request (ECONNRESET).
  service.server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
});
afterAll(() => service.stop());

/** The body the endpoint answered before reports left the event loop, rebuilt from its own envelope. */
function inProcessBody(kind: ReportKind, answered: Record<string, unknown>): unknown {
  const { generatedAt, fromMs, toMs, bucketMs, thresholds } = answered as {
    generatedAt: string;
    fromMs: number;
    toMs: number;
    bucketMs: number;
    thresholds: typeof DEFAULT_THRESHOLDS;
  };
  const envelope = { generatedAt, fromMs, toMs, bucketMs, thresholds };
  const window = { fromMs, toMs, bucketMs, buckets: Math.ceil((toMs - fromMs) / bucketMs) };
  const args = { models: service.models.served(), window, thresholds };
  switch (kind) {
    case 'drift':
    case 'performance': {
      const reports = computeReport(kind, service.db, args);
      return { ...envelope, alerts: reports.flatMap((r) => r.alerts), reports };
    }
    case 'quality': {
      const { fromMs: _from, toMs: _to, ...report } = computeReport(kind, service.db, args);
      return { ...envelope, ...report };
    }
    case 'ops': {
      const {
        fromMs: _from,
        toMs: _to,
        bucketMs: _bucket,
        ...report
      } = computeReport(kind, service.db, args);
      return { ...envelope, ...report };
    }
  }
}

const churnBody = JSON.stringify(SESSION_EXAMPLE);
const postChurn = (url: string) =>
  fetch(`${url}/churn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: churnBody });

describe('monitoring reports run off the event loop', () => {
  it.each(['drift', 'quality', 'ops', 'performance'] as const)(
    '/monitoring/%s answers byte for byte what the in-process report gives on the same data',
    async (kind) => {
      const response = await fetch(`${baseUrl}/monitoring/${kind}?since=1h&window=15m`, { headers: auth });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toBe(JSON.stringify(inProcessBody(kind, JSON.parse(text))));
      if (kind === 'drift') expect(JSON.parse(text).reports[0].rows).toBe(CHURN_ROWS);
    },
  );

  it('answers /healthz and a /churn prediction while a large drift report is being computed', async () => {
    const finished: string[] = [];
    const track = async (name: string, answer: Promise<Response>) => {
      const response = await answer;
      await response.text();
      finished.push(name);
      return response;
    };
    const drift = track('drift', fetch(`${baseUrl}/monitoring/drift?since=1h&task=churn`, { headers: auth }));
    // Let the report start. Had it run on the event loop, this timer itself would wait for it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await track('healthz', fetch(`${baseUrl}/healthz`));
    const churn = await track('churn', postChurn(baseUrl));
    expect(health.status).toBe(200);
    expect(churn.status).toBe(200);
    expect((await drift).status).toBe(200);
    expect(finished).toEqual(['healthz', 'churn', 'drift']);
  });

  it('answers 503 report-unavailable with the reason when the report thread dies, and the next request succeeds', async () => {
    const { app, close } = createApp({
      config: service.config,
      db: service.db,
      models: service.models,
      logger: service.logger,
      reports: new ReportRunner(service.db, { threadUrl: CRASHING_REPORT_THREAD_URL }),
    });
    try {
      crashNextReportThread(service.dbPath);
      const crashed = await app.request('/monitoring/ops?since=1h', { headers: auth });
      expect(crashed.status).toBe(503);
      expect(crashed.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await crashed.json()).toMatchObject({
        type: '/problems/report-unavailable',
        title: 'Report unavailable',
        status: 503,
        detail:
          'The monitoring report thread exited with code 70 while computing the ops report; the next request starts a new thread.',
        instance: '/monitoring/ops',
      });
      const recovered = await app.request('/monitoring/ops?since=1h', { headers: auth });
      expect(recovered.status).toBe(200);
      const ops = (await recovered.json()) as { totalRequests: number };
      expect(ops.totalRequests).toBeGreaterThanOrEqual(CHURN_ROWS + 2_300);
    } finally {
      close();
    }
  });

  it('on SIGTERM ends the report thread first: the running report answers 503 at once, logged rows are flushed, exit 0', async () => {
    const server = await spawnServer({
      MODELS_DIR: service.modelsDir,
      DB_PATH: service.dbPath,
      ADMIN_TOKEN,
      LOG_FLUSH_INTERVAL_MS: '60000', // the predictions below are still queued at the signal
    });
    const sessionRows = () => {
      const db = new Database(service.dbPath, { readonly: true });
      const sql = 'SELECT COUNT(*) AS n FROM requests WHERE client_session_id = ?';
      const { n } = db.prepare(sql).get(SESSION_EXAMPLE.sessionId) as { n: number };
      db.close();
      return n;
    };
    service.requestLog.flush();
    const before = sessionRows();
    const predictions = await Promise.all(Array.from({ length: 5 }, () => postChurn(server.baseUrl)));
    expect(predictions.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    const drift = fetch(`${server.baseUrl}/monitoring/drift?since=1h&task=churn`, { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 150));
    server.child.kill('SIGTERM');
    const answer = await drift;
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { detail: string }).detail).toBe(
      'The service is shutting down; the report was not computed.',
    );
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(sessionRows() - before).toBe(5);
  });
});
