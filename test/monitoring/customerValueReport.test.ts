import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMonitor } from '../../src/monitoring/cli/runMonitor.ts';
import { customerValueReport } from '../../src/monitoring/customerValueReport.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3_600_000;
let log: ReturnType<typeof createTempRequestLog>;
beforeEach(() => {
  log = createTempRequestLog();
});
afterEach(() => log.cleanup());

const valued = (
  tsMs: number,
  probabilityAlive: number,
  lifetimeValue: number,
  status = 200,
  segment: string | null = null,
) => ({
  tsMs,
  endpoint: '/customers/value',
  task: 'customer-value' as const,
  featureVersion: null,
  prediction: lifetimeValue,
  probabilityAlive: status < 400 ? probabilityAlive : null,
  lifetimeValue: status < 400 ? lifetimeValue : null,
  segment,
  status,
});

describe('the customers report: P(alive) and CLV of the valued customers over time', () => {
  it('gives count, mean and nearest-rank p10 / p50 / p90 per bucket and for the window, from logged rows only', () => {
    insertRequests(log.db, [
      // Three hours ago: ten customers, P(alive) 0.1 … 1.0 and CLV 100 … 10 (shuffled order).
      ...[3, 7, 1, 10, 5, 2, 9, 4, 8, 6].map((k) => valued(NOW - 3 * HOUR + k, k / 10, 110 - 10 * k)),
      // An hour ago: two customers.
      valued(NOW - HOUR + 5, 0.2, 500),
      valued(NOW - HOUR + 6, 0.6, 300),
      // Not customers' answers: a churn prediction, a rejected customer request.
      { tsMs: NOW - HOUR + 7, prediction: 0.9, features: [1] },
      valued(NOW - HOUR + 8, 0, 0, 422),
    ]);
    const report = customerValueReport(log.db, resolveTimeWindow({ since: '4h', window: '1h', nowMs: NOW }));
    expect(report.overTime.map((b) => b.customers)).toEqual([0, 10, 0, 2]);
    expect(report.overTime[0]).toMatchObject({ probabilityAlive: null, lifetimeValue: null });
    // Nearest rank of 10 values: p10 the 1st, p50 the 5th, p90 the 9th.
    expect(report.overTime[1]?.probabilityAlive).toEqual({
      mean: expect.closeTo(0.55, 12),
      p10: 0.1,
      p50: 0.5,
      p90: 0.9,
    });
    expect(report.overTime[1]?.lifetimeValue).toEqual({ mean: 55, p10: 10, p50: 50, p90: 90 });
    // Of 2: p10 and p50 the 1st, p90 the 2nd.
    expect(report.overTime[3]?.lifetimeValue).toEqual({ mean: 400, p10: 300, p50: 300, p90: 500 });
    // The whole window: 12 customers, P(alive) 0.1 … 1.0 plus 0.2 and 0.6.
    expect(report.customers).toBe(12);
    expect(report.probabilityAlive).toMatchObject({ p10: 0.2, p50: 0.5, p90: 0.9 });
  });

  it('counts the live segment mix of the window, customers not placed last', () => {
    insertRequests(log.db, [
      valued(NOW - 2 * HOUR, 0.9, 80, 200, 'high-value'),
      valued(NOW - 2 * HOUR + 1, 0.8, 90, 200, 'high-value'),
      valued(NOW - HOUR, 0.2, 5, 200, 'churn-risk'),
      valued(NOW - HOUR + 1, 0.5, 10),
      valued(NOW - HOUR + 2, 0, 0, 422, 'other'),
      // Before the window.
      valued(NOW - 30 * HOUR, 0.9, 80, 200, 'other'),
    ]);
    const report = customerValueReport(log.db, resolveTimeWindow({ since: '4h', window: '1h', nowMs: NOW }));
    expect(report.segments).toEqual([
      { segment: 'churn-risk', customers: 1, share: 0.25 },
      { segment: 'high-value', customers: 2, share: 0.5 },
      { segment: null, customers: 1, share: 0.25 },
    ]);
  });

  it('npm run monitor -- customers prints the same figures as a table, or as JSON, exit 0 (no thresholds)', () => {
    insertRequests(log.db, [valued(NOW - HOUR + 1, 0.25, 40), valued(NOW - HOUR + 2, 0.75, 120)]);
    const run = (json: boolean) => {
      let stdout = '';
      const code = runMonitor(
        ['customers', '--db', log.path, '--models', log.dir, '--since', '2h', ...(json ? ['--json'] : [])],
        { stdout: (t) => (stdout += t), stderr: () => {}, env: {}, nowMs: NOW },
      );
      return { code, stdout };
    };
    const text = run(false);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Customers valued .* 2 answers/);
    expect(text.stdout).toMatch(/whole period\s+2\s+0\.250\s+0\.250\s+0\.750\s+40\.00\s+40\.00\s+120\.00/);
    const json = run(true);
    expect(JSON.parse(json.stdout).report).toEqual(
      customerValueReport(log.db, resolveTimeWindow({ since: '2h', window: '1h', nowMs: NOW })),
    );
  });
});
