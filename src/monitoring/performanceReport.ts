import type Database from 'better-sqlite3';
import { brierScore, mae, precisionRecallF1, rmse, rocAuc } from '../ml/metrics/index.ts';
import type { ServedModelData } from '../registry/servedModel.ts';
import type { MonitoringThresholds } from './config.ts';
import { LABELLED_PREDICTIONS_SQL } from './queries.ts';
import { bucketStarts, type TimeWindow } from './timeWindow.ts';

/** Live quality of a group of labelled predictions; churn fields or value fields are null per task. */
export interface LiveMetrics {
  labelled: number;
  /** Churn: ROC AUC (null with a single class), Brier, and precision/recall/F1 of the served decision. */
  rocAuc: number | null;
  brier: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  observedChurnRate: number | null;
  /** Session value: errors in yuan and calibration Σ predicted / Σ actual (null when Σ actual = 0). */
  rmseYuan: number | null;
  maeYuan: number | null;
  calibration: number | null;
  sumPredictedYuan: number | null;
  sumActualYuan: number | null;
  /**
   * Session value: share of realised revenues inside the interval each answer served, among the
   * answers served at 80 % and at 90 % (null without such labelled rows). Read from the log, so a
   * version or level change is judged on what was actually answered.
   */
  intervalCoverage80: number | null;
  intervalCoverage90: number | null;
  /** Session value: the same for every level served, ascending (empty for churn). */
  intervalCoverageByLevel: IntervalCoverage[];
}

/** Live coverage of the intervals served at one level. */
export interface IntervalCoverage {
  level: number;
  labelled: number;
  coverage: number;
}

export interface PerformanceReport {
  task: ServedModelData['task'];
  servedVersion: string;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  byVersion: (LiveMetrics & { modelVersion: string })[];
  /** All versions together, per bucket of the window. */
  overTime: (LiveMetrics & { startMs: number })[];
  alerts: string[];
}

type Labelled = {
  ts_ms: number;
  model_version: string;
  prediction: number;
  decision: number | null;
  outcome: number;
  /** Session value: the level of the interval served and 1 if the outcome fell inside it. */
  interval_level: number | null;
  covered: number | null;
};

/**
 * Live performance from `/feedback` outcomes joined to the logged predictions (SQL), per model version
 * and per bucket: ROC AUC, Brier and F1 at the served threshold for churn; RMSE, MAE, calibration
 * and the live coverage of the logged intervals, per level served, for session value.
 *
 * @example
 * performanceReport(db, servedChurn, resolveTimeWindow({ since: '7d', window: '1d' }), DEFAULT_THRESHOLDS);
 */
export function performanceReport(
  db: Database.Database,
  model: ServedModelData,
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): PerformanceReport {
  const rows = db
    .prepare(LABELLED_PREDICTIONS_SQL)
    .all({ task: model.task, fromMs: window.fromMs, toMs: window.toMs }) as Labelled[];
  const threshold = model.threshold ?? 0.5;
  const groups = new Map<string, Labelled[]>();
  for (const row of rows) {
    const group = groups.get(row.model_version) ?? [];
    group.push(row);
    groups.set(row.model_version, group);
  }
  const byVersion = [...groups].map(([modelVersion, group]) => ({
    modelVersion,
    ...liveMetrics(model.task, group, threshold),
  }));
  const perBucket: Labelled[][] = bucketStarts(window).map(() => []);
  for (const row of rows) {
    const b = Math.floor((row.ts_ms - window.fromMs) / window.bucketMs);
    if (b >= 0 && b < perBucket.length) perBucket[b].push(row);
  }
  const overTime = bucketStarts(window).map((startMs, b) => ({
    startMs,
    ...liveMetrics(model.task, perBucket[b], threshold),
  }));
  const alerts: string[] = [];
  for (const v of byVersion) {
    if (v.labelled < thresholds.minLabelledRows) continue;
    const label = `${model.task} ${v.modelVersion}`;
    if (v.rocAuc !== null && v.rocAuc < thresholds.minRocAuc) {
      alerts.push(`${label}: live ROC AUC ${v.rocAuc.toFixed(3)} < ${thresholds.minRocAuc}.`);
    }
    if (v.brier !== null && v.brier > thresholds.maxBrier) {
      alerts.push(`${label}: live Brier ${v.brier.toFixed(3)} > ${thresholds.maxBrier}.`);
    }
    const ratio = thresholds.maxCalibrationRatio;
    if (v.calibration !== null && (v.calibration > ratio || v.calibration < 1 / ratio)) {
      alerts.push(
        `${label}: calibration Σpredicted/Σactual = ${v.calibration.toFixed(2)}, outside [${(1 / ratio).toFixed(2)}, ${ratio}].`,
      );
    }
  }
  return {
    task: model.task,
    servedVersion: model.version,
    fromMs: window.fromMs,
    toMs: window.toMs,
    bucketMs: window.bucketMs,
    byVersion,
    overTime,
    alerts,
  };
}

const NO_METRICS: Omit<LiveMetrics, 'labelled'> = {
  rocAuc: null,
  brier: null,
  precision: null,
  recall: null,
  f1: null,
  observedChurnRate: null,
  rmseYuan: null,
  maeYuan: null,
  calibration: null,
  sumPredictedYuan: null,
  sumActualYuan: null,
  intervalCoverage80: null,
  intervalCoverage90: null,
  intervalCoverageByLevel: [],
};

/**
 * Coverage of the logged intervals, per level served: each row counts at the level it was answered
 * at (`covered` is computed in SQL from the logged bounds); rows without an interval are left out.
 */
function liveIntervalCoverage(
  rows: readonly Labelled[],
): Pick<LiveMetrics, 'intervalCoverage80' | 'intervalCoverage90' | 'intervalCoverageByLevel'> {
  const byLevel = new Map<number, { labelled: number; covered: number }>();
  for (const row of rows) {
    if (row.interval_level === null || row.covered === null) continue;
    // Levels are served in steps of 0.01: the rounded percent is the key.
    const percent = Math.round(row.interval_level * 100);
    const counts = byLevel.get(percent) ?? { labelled: 0, covered: 0 };
    counts.labelled++;
    counts.covered += row.covered;
    byLevel.set(percent, counts);
  }
  const intervalCoverageByLevel = [...byLevel]
    .sort(([a], [b]) => a - b)
    .map(([percent, { labelled, covered }]) => ({
      level: percent / 100,
      labelled,
      coverage: covered / labelled,
    }));
  const at = (percent: number) => {
    const counts = byLevel.get(percent);
    return counts ? counts.covered / counts.labelled : null;
  };
  return { intervalCoverage80: at(80), intervalCoverage90: at(90), intervalCoverageByLevel };
}

/** Metrics of one group; the churn decision is the logged one (what was served), else `p ≥ threshold`. */
export function liveMetrics(
  task: ServedModelData['task'],
  rows: readonly Labelled[],
  threshold: number,
): LiveMetrics {
  const n = rows.length;
  if (n === 0) return { labelled: 0, ...NO_METRICS };
  const actual = new Float64Array(n);
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    actual[i] = rows[i].outcome;
    predicted[i] = rows[i].prediction;
  }
  if (task === 'churn') {
    const decided = new Float64Array(n);
    let positives = 0;
    for (let i = 0; i < n; i++) {
      const decision = rows[i].decision;
      decided[i] = decision === null ? (predicted[i] >= threshold ? 1 : 0) : decision;
      positives += actual[i];
    }
    const { precision, recall, f1 } = precisionRecallF1(actual, decided, 0.5);
    const bothClasses = positives > 0 && positives < n;
    return {
      ...NO_METRICS,
      labelled: n,
      rocAuc: bothClasses ? rocAuc(actual, predicted) : null,
      brier: brierScore(actual, predicted),
      precision,
      recall,
      f1,
      observedChurnRate: positives / n,
    };
  }
  let sumPredicted = 0;
  let sumActual = 0;
  for (let i = 0; i < n; i++) {
    sumPredicted += predicted[i];
    sumActual += actual[i];
  }
  return {
    ...NO_METRICS,
    labelled: n,
    rmseYuan: rmse(actual, predicted),
    maeYuan: mae(actual, predicted),
    calibration: sumActual > 0 ? sumPredicted / sumActual : null,
    sumPredictedYuan: sumPredicted,
    sumActualYuan: sumActual,
    ...liveIntervalCoverage(rows),
  };
}
