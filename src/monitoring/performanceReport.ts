import type Database from 'better-sqlite3';
import { conformalInterval } from '../ml/conformal.ts';
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
   * Session value, served version only: share of realised revenues inside the 80 % and 90 %
   * conformal intervals, recomputed from the logged prediction with the version's calibration
   * (null without one, or without labelled rows of the served version).
   */
  intervalCoverage80: number | null;
  intervalCoverage90: number | null;
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
};

/**
 * Live performance from `/feedback` outcomes joined to the logged predictions (SQL), per model version
 * and per bucket: ROC AUC, Brier and F1 at the served threshold for churn; RMSE, MAE, calibration
 * and the live coverage of the served version's 80 % / 90 % intervals for session value.
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
    ...(model.task === 'session-value' ? liveIntervalCoverage(model, group) : {}),
  }));
  const perBucket: Labelled[][] = bucketStarts(window).map(() => []);
  for (const row of rows) {
    const b = Math.floor((row.ts_ms - window.fromMs) / window.bucketMs);
    if (b >= 0 && b < perBucket.length) perBucket[b].push(row);
  }
  const overTime = bucketStarts(window).map((startMs, b) => ({
    startMs,
    ...liveMetrics(model.task, perBucket[b], threshold),
    ...(model.task === 'session-value' ? liveIntervalCoverage(model, perBucket[b]) : {}),
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
};

/**
 * Coverage of the served version's intervals at 80 % and 90 % over the rows of that version: the
 * interval is a pure function of the logged raw prediction and the bundle's calibration.
 */
function liveIntervalCoverage(
  model: ServedModelData,
  rows: readonly Labelled[],
): Pick<LiveMetrics, 'intervalCoverage80' | 'intervalCoverage90'> {
  const calibration = model.interval;
  const served = rows.filter((row) => row.model_version === model.version);
  if (!calibration || served.length === 0) return { intervalCoverage80: null, intervalCoverage90: null };
  const coverage = (level: number) =>
    served.filter((row) => {
      const { low, high } = conformalInterval(calibration, row.prediction, level);
      return row.outcome >= low && row.outcome <= high;
    }).length / served.length;
  return { intervalCoverage80: coverage(0.8), intervalCoverage90: coverage(0.9) };
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
  };
}
