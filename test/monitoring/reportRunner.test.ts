import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport, REPORT_KINDS } from '../../src/monitoring/computeReport.ts';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { ReportRunner, ReportUnavailableError } from '../../src/monitoring/reportRunner.ts';
import { openRequestLog } from '../../src/monitoring/requestLog/index.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import { CRASHING_REPORT_THREAD_URL, crashNextReportThread } from './helpers/crashingReportThread.ts';
import { createTempRequestLog } from './helpers/requestLogDb.ts';
import { replayTraffic, servedModels, trainingReferences } from './helpers/scenario.ts';
import { simulatedRows } from './helpers/simulatedTraffic.ts';

const NOW = Date.now();
const HOUR = 3_600_000;
let log: ReturnType<typeof createTempRequestLog>;
let args: Parameters<ReportRunner['run']>[1];

beforeAll(() => {
  log = createTempRequestLog();
  replayTraffic(log.db, simulatedRows({ sessions: 200, seed: 5 }), {
    fromMs: NOW - 2 * HOUR,
    toMs: NOW - 1,
    tag: 'runner',
    feedback: true,
  });
  const window = resolveTimeWindow({ since: '3h', window: '30m', nowMs: NOW });
  args = { models: servedModels(trainingReferences(300, 1)), window, thresholds: DEFAULT_THRESHOLDS };
});
afterAll(() => log.cleanup());

describe('ReportRunner: monitoring reports on a thread with its own read-only connection', () => {
  it('answers every kind of report exactly as the in-process function does on the same file', async () => {
    const runner = new ReportRunner(log.db);
    try {
      for (const kind of REPORT_KINDS) {
        const threaded = await runner.run(kind, args);
        const inProcess = computeReport(kind, log.db, args);
        expect(threaded).toEqual(inProcess);
        expect(JSON.stringify(threaded)).toBe(JSON.stringify(inProcess));
      }
      const [churnDrift] = await runner.run('drift', args);
      expect(churnDrift.rows).toBeGreaterThan(200); // real traffic, not an empty window
    } finally {
      await runner.close();
    }
  });

  it('reports on an in-memory database on the caller thread (a second connection could not see it)', async () => {
    const { db } = openRequestLog(':memory:');
    const runner = new ReportRunner(db);
    try {
      const ops = await runner.run('ops', args);
      expect(ops).toEqual(computeReport('ops', db, args));
      expect(ops.totalRequests).toBe(0);
    } finally {
      await runner.close();
      db.close();
    }
  });

  it('fails the report of a thread that dies with a readable reason, then starts a new thread', async () => {
    const runner = new ReportRunner(log.db, { threadUrl: CRASHING_REPORT_THREAD_URL });
    try {
      crashNextReportThread(log.path);
      const crashed = runner.run('drift', args);
      const queued = runner.run('ops', args);
      await expect(crashed).rejects.toThrow(ReportUnavailableError);
      await expect(crashed).rejects.toThrow(
        'The monitoring report thread exited with code 70 while computing the drift report; the next request starts a new thread.',
      );
      // The report queued behind it runs on a fresh thread, and so do later ones.
      expect(await queued).toEqual(computeReport('ops', log.db, args));
      expect(await runner.run('quality', args)).toEqual(computeReport('quality', log.db, args));
    } finally {
      await runner.close();
    }
  });

  it("passes a report's own error back as that error, and the thread keeps serving", async () => {
    // A database without the request log's tables: the SQL of the report fails.
    const dir = mkdtempSync(join(tmpdir(), 'report-runner-'));
    const db = new Database(join(dir, 'not-a-log.sqlite'));
    db.pragma('journal_mode = WAL');
    const runner = new ReportRunner(db);
    try {
      const failed = runner.run('ops', args);
      await expect(failed).rejects.toThrow('no such table: requests');
      await expect(failed).rejects.toMatchObject({ name: 'SqliteError' });
      await expect(failed).rejects.not.toBeInstanceOf(ReportUnavailableError);
      db.exec(
        'CREATE TABLE requests (ts_ms INTEGER, endpoint TEXT, model_version TEXT, status INTEGER, latency_ms REAL)',
      );
      expect((await runner.run('ops', args)).totalRequests).toBe(0);
    } finally {
      await runner.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs one report at a time in order, and drops a queued one whose caller gave up', async () => {
    const runner = new ReportRunner(log.db);
    try {
      const finished: string[] = [];
      const track = <T>(name: string, report: Promise<T>) =>
        report.then(
          () => finished.push(name),
          (error: Error) => finished.push(`${name}: ${error.message}`),
        );
      const gaveUp = new AbortController();
      const all = Promise.all([
        track('drift', runner.run('drift', args)),
        track('quality', runner.run('quality', args, { signal: gaveUp.signal })),
        track('performance', runner.run('performance', args)),
      ]);
      gaveUp.abort();
      await all;
      expect(finished).toEqual([
        'quality: The request was cancelled before its report started.',
        'drift',
        'performance',
      ]);
    } finally {
      await runner.close();
    }
  });

  it('close() answers the running and queued reports at once and refuses later ones', async () => {
    const runner = new ReportRunner(log.db);
    const shuttingDown = 'The service is shutting down; the report was not computed.';
    const running = expect(runner.run('drift', args)).rejects.toThrow(shuttingDown);
    const queued = expect(runner.run('quality', args)).rejects.toThrow(shuttingDown);
    await runner.close();
    await running;
    await queued;
    await expect(runner.run('ops', args)).rejects.toThrow(shuttingDown);
    await runner.close(); // twice is fine
  });
});
