import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { driftReport } from '../../src/monitoring/driftReport.ts';
import { opsReport } from '../../src/monitoring/opsReport.ts';
import { qualityReport } from '../../src/monitoring/qualityReport.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import { columnReference, type Reference } from '../../src/registry/reference.ts';
import type { ServedModelData } from '../../src/registry/servedModel.ts';
import { createTempRequestLog, insertRequests, type LoggedRequest } from './helpers/requestLogDb.ts';
import { twoFeatureReference } from './helpers/twoFeatureReference.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3_600_000;
let log: ReturnType<typeof createTempRequestLog>;
beforeEach(() => {
  log = createTempRequestLog();
});
afterEach(() => log.cleanup());

describe('operations report', () => {
  it('computes volume, errors and nearest-rank latency percentiles per endpoint and model version', () => {
    const rows: LoggedRequest[] = [];
    for (let i = 1; i <= 10; i++) rows.push({ tsMs: NOW - HOUR / 2, task: 'churn', latencyMs: i });
    for (let i = 1; i <= 20; i++) {
      rows.push({ tsMs: NOW - HOUR - 1, task: 'session-value', latencyMs: i, status: i === 20 ? 500 : 200 });
    }
    rows.push({
      tsMs: NOW - 10,
      endpoint: '/churn',
      task: null,
      modelVersion: null,
      latencyMs: 0.5,
      status: 422,
    });
    rows.push({ tsMs: NOW - 3 * HOUR, task: 'churn', latencyMs: 999 }); // outside the window
    insertRequests(log.db, rows);
    const report = opsReport(
      log.db,
      resolveTimeWindow({ since: '2h', window: '1h', nowMs: NOW }),
      DEFAULT_THRESHOLDS,
    );

    expect(report.totalRequests).toBe(31);
    const churn = report.byEndpoint.find((e) => e.endpoint === '/churn' && e.modelVersion === 'v1');
    // ranks ⌈0.50·10⌉ = 5, ⌈0.95·10⌉ = 10, ⌈0.99·10⌉ = 10 of latencies 1…10
    expect(churn).toMatchObject({
      requests: 10,
      p50LatencyMs: 5,
      p95LatencyMs: 10,
      p99LatencyMs: 10,
      maxLatencyMs: 10,
    });
    expect(churn?.meanLatencyMs).toBeCloseTo(5.5, 12);
    const rejected = report.byEndpoint.find((e) => e.endpoint === '/churn' && e.modelVersion === '-');
    expect(rejected).toMatchObject({ requests: 1, clientErrors: 1, serverErrors: 0, p50LatencyMs: 0.5 });
    const value = report.byEndpoint.find((e) => e.endpoint === '/session-value');
    // ranks 10, 19, 20 of latencies 1…20; one 5xx of 20
    expect(value).toMatchObject({
      requests: 20,
      serverErrors: 1,
      p50LatencyMs: 10,
      p95LatencyMs: 19,
      p99LatencyMs: 20,
    });
    expect(value?.serverErrorShare).toBeCloseTo(0.05, 12);

    // two hourly buckets: the session-value traffic (NOW − 1h − 1 ms) falls in the first one
    expect(report.overTime.map((b) => b.requests)).toEqual([20, 11]);
    expect(report.overTime[1].p50LatencyMs).toBe(5); // ranks ⌈5.5⌉ = 6 of 0.5,1,…,10 → 5
  });

  it('alerts on a 5xx share or a p99 latency over the thresholds, only with enough requests', () => {
    const rows: LoggedRequest[] = Array.from({ length: 10 }, (_, i) => ({
      tsMs: NOW - 1000,
      latencyMs: 200,
      status: i ? 200 : 503,
    }));
    insertRequests(log.db, rows);
    const window = resolveTimeWindow({ since: '1h', window: '1h', nowMs: NOW });
    expect(opsReport(log.db, window, DEFAULT_THRESHOLDS).alerts).toEqual([]); // 10 < minWindowRows
    const alerts = opsReport(log.db, window, { ...DEFAULT_THRESHOLDS, minWindowRows: 5 }).alerts;
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatch(/10\.00 % server errors/);
    expect(alerts[1]).toMatch(/p99 latency 200\.0 ms/);
  });
});

describe('data quality report', () => {
  const reference = twoFeatureReference();
  const model: ServedModelData = {
    task: 'churn',
    version: 'v1',
    featureNames: ['a', 'b'],
    threshold: 0.5,
    reference,
  };

  it('counts missing and out-of-range values per feature and rejected requests by reason', () => {
    insertRequests(log.db, [
      { tsMs: NOW - 1, features: [0, 10], prediction: 0.1 },
      { tsMs: NOW - 2, features: [Number.NaN, 60], prediction: 0.1 }, // a missing, b above max
      { tsMs: NOW - 3, features: [-1, 5], prediction: 0.1 }, // a below min, b below min
      { tsMs: NOW - 4, features: [5, Number.NaN], prediction: 0.1 }, // a above, b missing
      { tsMs: NOW - 5, features: [1], prediction: 0.1 }, // malformed: b missing
      { tsMs: NOW - 6, features: [2, 20], prediction: 0.1, featureVersion: 'f0' }, // other feature version: not read
      {
        tsMs: NOW - 7,
        task: null,
        modelVersion: null,
        latencyMs: 0.2,
        status: 422,
        errorReason: 'validation',
      },
      {
        tsMs: NOW - 8,
        task: null,
        modelVersion: null,
        latencyMs: 0.2,
        status: 422,
        errorReason: 'validation',
      },
      {
        tsMs: NOW - 9,
        task: null,
        modelVersion: null,
        latencyMs: 0.2,
        status: 413,
        errorReason: 'body-too-large',
      },
    ]);
    const report = qualityReport(log.db, [model], resolveTimeWindow({ since: '1h', nowMs: NOW }), {
      ...DEFAULT_THRESHOLDS,
      minWindowRows: 1,
    });
    expect(report.endpoints).toEqual([
      { endpoint: '/churn', requests: 9, rejected: 3, rejectedShare: 3 / 9 },
    ]);
    expect(report.rejectedByReason).toEqual([
      { endpoint: '/churn', status: 422, reason: 'validation', requests: 2 },
      { endpoint: '/churn', status: 413, reason: 'body-too-large', requests: 1 },
    ]);
    const [task] = report.tasks;
    expect(task.rows).toBe(5);
    expect(task.malformedRows).toBe(1);
    expect(task.features[0]).toEqual({
      name: 'a',
      missing: 1,
      missingShare: 0.2,
      belowRange: 1,
      aboveRange: 1,
      outOfRangeShare: 0.4,
    });
    expect(task.features[1]).toEqual({
      name: 'b',
      missing: 2,
      missingShare: 0.4,
      belowRange: 1,
      aboveRange: 1,
      outOfRangeShare: 0.4,
    });
    expect(report.alerts).toContain('/churn: 33.3 % of requests rejected (3 of 9).');
    expect(report.alerts).toContain('churn a: 20.0 % missing.');
    expect(report.alerts).toContain('churn b: 40.0 % outside the training range.');
  });
});

describe('prediction drift over time', () => {
  it('gives p10/p50/p90 and PSI of the served version per bucket, other versions left out', () => {
    const reference: Reference = {
      referenceSchemaVersion: 1,
      featureVersion: 'f1',
      rows: 4,
      features: [columnReference('a', Float64Array.of(0, 1, 2, 3))],
      prediction: columnReference('prediction', Float64Array.of(0.1, 0.2, 0.3, 0.4)),
    };
    const model: ServedModelData = {
      task: 'churn',
      version: 'v1',
      featureNames: ['a'],
      threshold: 0.5,
      reference,
    };
    const first = NOW + 1 - 2 * HOUR; // start of bucket 0
    insertRequests(log.db, [
      { tsMs: first + 10, features: [0], prediction: 0.1 },
      { tsMs: first + 20, features: [1], prediction: 0.3 },
      { tsMs: first + 30, features: [2], prediction: 0.2 },
      { tsMs: first + 40, features: [2], prediction: 0.9, modelVersion: 'v0' },
      { tsMs: first + HOUR + 5, features: [3], prediction: 0.4 },
    ]);
    const report = driftReport(
      log.db,
      model,
      resolveTimeWindow({ since: '2h', window: '1h', nowMs: NOW }),
      DEFAULT_THRESHOLDS,
    );
    expect(report.rows).toBe(5); // features: every version of the feature version
    expect(report.prediction?.count).toBe(4); // predictions: the served version only
    const [b0, b1] = report.predictionOverTime;
    // linear quantiles of 0.1, 0.2, 0.3: p10 = 0.12, p50 = 0.2, p90 = 0.28
    expect(b0).toMatchObject({ startMs: first, count: 3 });
    expect(b0.p10).toBeCloseTo(0.12, 12);
    expect(b0.p50).toBeCloseTo(0.2, 12);
    expect(b0.p90).toBeCloseTo(0.28, 12);
    // reference bins are one per value (0.1 | 0.2 | 0.3 | 0.4, 25 % each); bucket 0 fills three of them
    const e = 1e-4;
    expect(b0.psi).toBeCloseTo(
      3 * (1 / 3 - 0.25) * Math.log(1 / 3 / 0.25) + (e - 0.25) * Math.log(e / 0.25),
      10,
    );
    expect(b1).toMatchObject({ startMs: first + HOUR, count: 1, p10: 0.4, p50: 0.4, p90: 0.4 });
  });
});

describe('drift without a reference', () => {
  it('says drift cannot be measured, as an alert, instead of reporting no drift', () => {
    const model: ServedModelData = {
      task: 'session-value',
      version: 'v9',
      featureNames: ['a'],
      reference: null,
    };
    const report = driftReport(
      log.db,
      model,
      resolveTimeWindow({ since: '1h', nowMs: NOW }),
      DEFAULT_THRESHOLDS,
    );
    expect(report.features).toEqual([]);
    expect(report.prediction).toBeNull();
    expect(report.alerts).toEqual([
      'session-value v9: no reference.json, drift cannot be measured (retrain to write one).',
    ]);
  });
});
