import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderPerformance } from '../../src/monitoring/cli/renderReports.ts';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { performanceReport } from '../../src/monitoring/performanceReport.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import type { ServedModelData } from '../../src/registry/servedModel.ts';
import { createTempRequestLog, insertFeedback, insertRequests } from './helpers/requestLogDb.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3_600_000;
const churnModel: ServedModelData = {
  task: 'churn',
  version: 'v1',
  featureNames: [],
  threshold: 0.3,
  reference: null,
};
const valueModel: ServedModelData = {
  task: 'session-value',
  version: 'v1',
  featureNames: [],
  reference: null,
};
let log: ReturnType<typeof createTempRequestLog>;
beforeEach(() => {
  log = createTempRequestLog();
});
afterEach(() => log.cleanup());

describe('live performance from /feedback joined to the request log', () => {
  it('computes ROC AUC, Brier and F1 of the served decisions for churn, joining by request id or session and page', () => {
    insertRequests(log.db, [
      { tsMs: NOW - 40, requestId: 'a', prediction: 0.1, decision: 0, features: [1] },
      { tsMs: NOW - 30, requestId: 'b', prediction: 0.4, decision: 1, features: [1] },
      {
        tsMs: NOW - 20,
        requestId: 'c',
        clientSessionId: 's1',
        pageCount: 2,
        prediction: 0.35,
        decision: 1,
        features: [1],
      },
      {
        tsMs: NOW - 10,
        requestId: 'd',
        clientSessionId: 's2',
        pageCount: 1,
        prediction: 0.8,
        decision: 1,
        features: [1],
      },
      { tsMs: NOW - 5, requestId: 'e', modelVersion: 'v2', prediction: 0.9, decision: 1, features: [1] },
      { tsMs: NOW - 3 * HOUR, requestId: 'old', prediction: 0.9, decision: 1, features: [1] },
      {
        tsMs: NOW - 4,
        requestId: 'rejected',
        task: null,
        modelVersion: null,
        status: 422,
        errorReason: 'validation',
      },
    ]);
    insertFeedback(log.db, [
      { tsMs: NOW - 9, requestId: 'a', churned: 1 }, // superseded by the later outcome below
      { tsMs: NOW - 8, requestId: 'a', churned: 0 },
      { tsMs: NOW - 7, requestId: 'b', churned: 0 },
      { tsMs: NOW - 6, clientSessionId: 's1', pageCount: 2, churned: 1 },
      { tsMs: NOW - 6, clientSessionId: 's2', pageCount: 1, churned: 1 },
      { tsMs: NOW - 6, clientSessionId: 's2', pageCount: 2, churned: 0 }, // no such prediction
      { tsMs: NOW - 5, requestId: 'e', churned: 1 },
      { tsMs: NOW - 5, requestId: 'old', churned: 0 }, // prediction outside the window
      { tsMs: NOW - 5, requestId: 'd', realisedRevenueYuan: 12 }, // a value outcome: not a churn label
    ]);
    const report = performanceReport(
      log.db,
      churnModel,
      resolveTimeWindow({ since: '1h', window: '30m', nowMs: NOW }),
      {
        ...DEFAULT_THRESHOLDS,
        minLabelledRows: 1,
      },
    );
    const v1 = report.byVersion.find((v) => v.modelVersion === 'v1');
    expect(v1?.labelled).toBe(4);
    // labels 0,0,1,1 with scores 0.1,0.4,0.35,0.8: 3 of 4 positive–negative pairs ordered → 0.75
    expect(v1?.rocAuc).toBeCloseTo(0.75, 12);
    // ((0.1)² + (0.4)² + (0.65)² + (0.2)²) / 4
    expect(v1?.brier).toBeCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, 12);
    // decisions 0,1,1,1: TP 2, FP 1, FN 0 → precision 2/3, recall 1, F1 0.8
    expect(v1?.precision).toBeCloseTo(2 / 3, 12);
    expect(v1?.recall).toBe(1);
    expect(v1?.f1).toBeCloseTo(0.8, 12);
    expect(v1?.observedChurnRate).toBe(0.5);
    const v2 = report.byVersion.find((v) => v.modelVersion === 'v2');
    expect(v2).toMatchObject({ labelled: 1, rocAuc: null, f1: 1 }); // one class only: no AUC
    expect(report.overTime.map((b) => b.labelled)).toEqual([0, 5]);
    // AUC 0.75 ≥ 0.6 and Brier 0.158 ≤ 0.25: no alert
    expect(report.alerts).toEqual([]);
  });

  it('computes RMSE, MAE and calibration Σpredicted/Σactual for session value, and alerts when off', () => {
    insertRequests(log.db, [
      { tsMs: NOW - 30, requestId: 'x', task: 'session-value', prediction: 10, features: [1] },
      { tsMs: NOW - 20, requestId: 'y', task: 'session-value', prediction: 0, features: [1] },
      { tsMs: NOW - 10, requestId: 'z', task: 'session-value', prediction: 5, features: [1] },
    ]);
    insertFeedback(log.db, [
      { tsMs: NOW - 5, requestId: 'x', realisedRevenueYuan: 20, churned: 0 },
      { tsMs: NOW - 5, requestId: 'y', realisedRevenueYuan: 0 },
      { tsMs: NOW - 5, requestId: 'z', realisedRevenueYuan: 0 },
    ]);
    const window = resolveTimeWindow({ since: '1h', nowMs: NOW });
    const report = performanceReport(log.db, valueModel, window, {
      ...DEFAULT_THRESHOLDS,
      minLabelledRows: 3,
    });
    const [v1] = report.byVersion;
    expect(v1.labelled).toBe(3);
    expect(v1.rmseYuan).toBeCloseTo(Math.sqrt((100 + 0 + 25) / 3), 12);
    expect(v1.maeYuan).toBeCloseTo(5, 12);
    expect(v1.calibration).toBeCloseTo(15 / 20, 12);
    expect(v1.rocAuc).toBeNull();
    expect(report.alerts).toEqual([]); // 0.75 is inside [1/1.5, 1.5]
    const strict = performanceReport(log.db, valueModel, window, {
      ...DEFAULT_THRESHOLDS,
      minLabelledRows: 3,
      maxCalibrationRatio: 1.2,
    });
    expect(strict.alerts).toEqual([
      'session-value v1: calibration Σpredicted/Σactual = 0.75, outside [0.83, 1.2].',
    ]);
  });

  it('measures live coverage from the interval each answer logged, per level and version, not from the calibration', () => {
    const served = (level: number, low: number, high: number) => ({ level, low, high });
    insertRequests(log.db, [
      // v1 at 80 %: 20 outside [4.4, 15.6], 0 inside [0, 0.03], 0 outside [1.7, 8.3] → 1/3.
      {
        tsMs: NOW - 60,
        requestId: 'a',
        task: 'session-value',
        prediction: 10,
        interval: served(0.8, 4.4, 15.6),
      },
      {
        tsMs: NOW - 50,
        requestId: 'b',
        task: 'session-value',
        prediction: 0,
        interval: served(0.8, 0, 0.03),
      },
      {
        tsMs: NOW - 40,
        requestId: 'c',
        task: 'session-value',
        prediction: 5,
        interval: served(0.8, 1.7, 8.3),
      },
      // v1 at 90 % (a client asked ?level=0.9): 20 inside [0, 26.9]; at 70 %: 3 on the bound, inside.
      {
        tsMs: NOW - 30,
        requestId: 'd',
        task: 'session-value',
        prediction: 10,
        interval: served(0.9, 0, 26.9),
      },
      { tsMs: NOW - 25, requestId: 'e', task: 'session-value', prediction: 2, interval: served(0.7, 1, 3) },
      // Logged before schema v2: no interval, so no coverage (the other metrics still count it).
      { tsMs: NOW - 20, requestId: 'f', task: 'session-value', prediction: 4 },
      // v2 judged on its own intervals: 5 inside [1, 9].
      {
        tsMs: NOW - 10,
        requestId: 'g',
        task: 'session-value',
        modelVersion: 'v2',
        prediction: 4,
        interval: served(0.8, 1, 9),
      },
    ]);
    insertFeedback(log.db, [
      { tsMs: NOW - 5, requestId: 'a', realisedRevenueYuan: 20 },
      { tsMs: NOW - 5, requestId: 'b', realisedRevenueYuan: 0 },
      { tsMs: NOW - 5, requestId: 'c', realisedRevenueYuan: 0 },
      { tsMs: NOW - 5, requestId: 'd', realisedRevenueYuan: 20 },
      { tsMs: NOW - 5, requestId: 'e', realisedRevenueYuan: 3 },
      { tsMs: NOW - 5, requestId: 'f', realisedRevenueYuan: 1 },
      { tsMs: NOW - 5, requestId: 'g', realisedRevenueYuan: 5 },
    ]);
    const window = resolveTimeWindow({ since: '1h', window: '1h', nowMs: NOW });
    // The served model has no calibration at all: the coverage comes from the log alone.
    const report = performanceReport(log.db, valueModel, window, DEFAULT_THRESHOLDS);
    const [v1, v2] = report.byVersion;
    expect(v1).toMatchObject({ modelVersion: 'v1', labelled: 6, intervalCoverage90: 1 });
    expect(v1.intervalCoverage80).toBeCloseTo(1 / 3, 12);
    expect(v1.intervalCoverageByLevel).toEqual([
      { level: 0.7, labelled: 1, coverage: 1 },
      { level: 0.8, labelled: 3, coverage: 1 / 3 },
      { level: 0.9, labelled: 1, coverage: 1 },
    ]);
    expect(v2).toMatchObject({ modelVersion: 'v2', intervalCoverage80: 1, intervalCoverage90: null });
    // Over time, all versions together: 2 of 4 answers at 80 % covered.
    expect(report.overTime.at(-1)).toMatchObject({
      labelled: 7,
      intervalCoverage80: 0.5,
      intervalCoverage90: 1,
    });
    // The CLI's table names the other levels served, with their coverage and labelled rows.
    expect(renderPerformance([report])).toMatch(/70 %: 100(\.0)? % \(1\)/);
  });
});
