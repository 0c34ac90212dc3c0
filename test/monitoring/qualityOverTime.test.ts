import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { qualityReport } from '../../src/monitoring/qualityReport.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import type { ServedModelData } from '../../src/registry/servedModel.ts';
import { createTempRequestLog, insertRequests, type LoggedRequest } from './helpers/requestLogDb.ts';
import { twoFeatureReference } from './helpers/twoFeatureReference.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3_600_000;
const window = resolveTimeWindow({ since: '3h', window: '1h', nowMs: NOW });
const first = window.fromMs; // start of bucket 0

const reference = twoFeatureReference();
const churn: ServedModelData = { task: 'churn', version: 'v1', featureNames: ['a', 'b'], reference };
const value: ServedModelData = { task: 'session-value', version: 'v7', featureNames: ['a'], reference: null };

let log: ReturnType<typeof createTempRequestLog>;
beforeEach(() => {
  log = createTempRequestLog();
});
afterEach(() => log.cleanup());

describe('data quality over time', () => {
  const rows: LoggedRequest[] = [
    // bucket 0: two clean rows, one rejected request
    { tsMs: first + 10, features: [0, 10], prediction: 0.1 },
    { tsMs: first + 20, features: [4, 50], prediction: 0.1 },
    { tsMs: first + 30, task: null, modelVersion: null, status: 422, errorReason: 'validation' },
    // bucket 1: nothing at all
    // bucket 2: four rows; b is out of range three times, a once; one a missing
    { tsMs: first + 2 * HOUR, features: [0, 60], prediction: 0.1 },
    { tsMs: first + 2 * HOUR + 1, features: [-1, 5], prediction: 0.1 },
    { tsMs: first + 2 * HOUR + 2, features: [Number.NaN, 70], prediction: 0.1 },
    { tsMs: first + 2 * HOUR + 3, features: [1, 20], prediction: 0.1 },
    { tsMs: first + 2 * HOUR + 4, endpoint: '/session-value', task: null, modelVersion: null, status: 413 },
    { tsMs: first + 2 * HOUR + 5, endpoint: '/session-value', task: 'session-value', status: 200 },
    { tsMs: first - 1, features: [-5, -5], prediction: 0.1 }, // before the window
  ];

  it('gives one entry per bucket, out-of-range values only where they were logged', () => {
    insertRequests(log.db, rows);
    const report = qualityReport(log.db, [churn], window, DEFAULT_THRESHOLDS);
    expect(report.bucketMs).toBe(HOUR);
    expect(report.overTime.map((b) => b.startMs)).toEqual([first, first + HOUR, first + 2 * HOUR]);
    const [b0, b1, b2] = report.overTime;
    expect(b0).toEqual({
      startMs: first,
      requests: 3,
      rejected: 1,
      rejectedShare: 1 / 3,
      tasks: [
        {
          task: 'churn',
          rows: 2,
          missingValues: 0,
          outOfRangeValues: 0,
          missingShare: 0,
          outOfRangeShare: 0,
          worstFeature: null,
        },
      ],
    });
    // an empty bucket reads zeros, not NaN
    expect(b1).toEqual({
      startMs: first + HOUR,
      requests: 0,
      rejected: 0,
      rejectedShare: 0,
      tasks: [
        {
          task: 'churn',
          rows: 0,
          missingValues: 0,
          outOfRangeValues: 0,
          missingShare: 0,
          outOfRangeShare: 0,
          worstFeature: null,
        },
      ],
    });
    // 4 rows × 2 features = 8 values: a −1 below, b 60, 5, 70 out → 4 of 8; one a missing → 1 of 8;
    // b has 3 flagged values against a's 2
    expect(b2).toEqual({
      startMs: first + 2 * HOUR,
      requests: 6,
      rejected: 1,
      rejectedShare: 1 / 6,
      tasks: [
        {
          task: 'churn',
          rows: 4,
          missingValues: 1,
          outOfRangeValues: 4,
          missingShare: 1 / 8,
          outOfRangeShare: 4 / 8,
          worstFeature: 'b',
        },
      ],
    });
  });

  it('adds up over the buckets to the window totals', () => {
    insertRequests(log.db, rows);
    const report = qualityReport(log.db, [churn], window, DEFAULT_THRESHOLDS);
    const sum = (f: (b: (typeof report.overTime)[number]) => number) =>
      report.overTime.reduce((s, b) => s + f(b), 0);
    expect(sum((b) => b.requests)).toBe(report.endpoints.reduce((s, e) => s + e.requests, 0));
    expect(sum((b) => b.rejected)).toBe(report.endpoints.reduce((s, e) => s + e.rejected, 0));
    const [task] = report.tasks;
    expect(sum((b) => b.tasks[0].rows)).toBe(task.rows);
    expect(sum((b) => b.tasks[0].missingValues)).toBe(task.features.reduce((s, f) => s + f.missing, 0));
    expect(sum((b) => b.tasks[0].outOfRangeValues)).toBe(
      task.features.reduce((s, f) => s + f.belowRange + f.aboveRange, 0),
    );
  });

  it('keeps every task in every bucket, zeros for a model without a reference', () => {
    insertRequests(log.db, rows);
    const report = qualityReport(log.db, [churn, value], window, DEFAULT_THRESHOLDS);
    for (const b of report.overTime) {
      expect(b.tasks.map((t) => t.task)).toEqual(['churn', 'session-value']);
      expect(b.tasks[1]).toMatchObject({ rows: 0, missingShare: 0, outOfRangeShare: 0, worstFeature: null });
    }
  });

  it('puts a row at the last millisecond of the window in the last bucket', () => {
    insertRequests(log.db, [{ tsMs: NOW, features: [9, 9], prediction: 0.1 }]);
    const report = qualityReport(log.db, [churn], window, DEFAULT_THRESHOLDS);
    expect(report.overTime.map((b) => b.tasks[0].rows)).toEqual([0, 0, 1]);
    expect(report.overTime[2].tasks[0]).toMatchObject({ outOfRangeShare: 1, worstFeature: 'a' });
  });
});
