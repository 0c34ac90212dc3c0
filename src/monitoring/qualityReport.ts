import type Database from 'better-sqlite3';
import type { ServedModelData } from '../registry/servedModel.ts';
import type { MonitoringThresholds } from './config.ts';
import { FeatureChecks, type FeatureQuality, type FeatureQualityBucket } from './featureQuality.ts';
import { QUALITY_OVER_TIME_SQL, QUALITY_TOTALS_SQL, REJECTED_BY_REASON_SQL } from './queries.ts';
import { referenceColumns } from './referenceColumns.ts';
import { scanScoredWindow } from './scoredWindow.ts';
import { bucketStarts, type TimeWindow } from './timeWindow.ts';

export type { FeatureQuality, FeatureQualityBucket } from './featureQuality.ts';

export interface TaskQuality {
  task: ServedModelData['task'];
  modelVersion: string;
  rows: number;
  /** Logged vectors of the wrong length or not an array (a logging or version bug). */
  malformedRows: number;
  features: FeatureQuality[];
}

/**
 * One time bucket: requests and rejections of all endpoints together (the window's `endpoints` and
 * `rejectedByReason` say which endpoint and why), and the feature checks of every task.
 */
export interface QualityBucket {
  startMs: number;
  requests: number;
  rejected: number;
  rejectedShare: number;
  tasks: ({ task: ServedModelData['task'] } & FeatureQualityBucket)[];
}

export interface QualityReport {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  endpoints: { endpoint: string; requests: number; rejected: number; rejectedShare: number }[];
  rejectedByReason: { endpoint: string; status: number; reason: string; requests: number }[];
  tasks: TaskQuality[];
  /** One entry per bucket of the window, empty buckets included (zeros). */
  overTime: QualityBucket[];
  alerts: string[];
}

/**
 * Data quality of a window: rejected requests by reason (SQL), and per feature of every served model
 * the missing and out-of-training-range values of the scored requests; both also per time bucket.
 *
 * @example
 * qualityReport(db, servedModels, resolveTimeWindow({ since: '1h' }), DEFAULT_THRESHOLDS).alerts;
 */
export function qualityReport(
  db: Database.Database,
  models: readonly ServedModelData[],
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): QualityReport {
  const params = { fromMs: window.fromMs, toMs: window.toMs };
  const bucketParams = { ...params, bucketMs: window.bucketMs };
  const totals = db.prepare(QUALITY_TOTALS_SQL).all(params) as {
    endpoint: string;
    requests: number;
    rejected: number;
  }[];
  const endpoints = totals.map((t) => ({ ...t, rejectedShare: t.requests ? t.rejected / t.requests : 0 }));
  const rejectedByReason = db
    .prepare(REJECTED_BY_REASON_SQL)
    .all(params) as QualityReport['rejectedByReason'];
  const alerts: string[] = [];
  for (const e of endpoints) {
    if (e.requests >= thresholds.minWindowRows && e.rejectedShare >= thresholds.maxRejectedShare) {
      alerts.push(
        `${e.endpoint}: ${(100 * e.rejectedShare).toFixed(1)} % of requests rejected (${e.rejected} of ${e.requests}).`,
      );
    }
  }
  const checked = models.map((model) => taskQuality(db, model, window));
  const tasks = checked.map((c) => c.quality);
  for (const t of tasks) {
    if (t.malformedRows > 0)
      alerts.push(`${t.task}: ${t.malformedRows} logged feature vectors are malformed.`);
    if (t.rows < thresholds.minWindowRows) continue;
    for (const f of t.features) {
      if (f.missingShare >= thresholds.maxMissingShare) {
        alerts.push(`${t.task} ${f.name}: ${(100 * f.missingShare).toFixed(1)} % missing.`);
      }
      if (f.outOfRangeShare >= thresholds.maxOutOfRangeShare) {
        alerts.push(
          `${t.task} ${f.name}: ${(100 * f.outOfRangeShare).toFixed(1)} % outside the training range.`,
        );
      }
    }
  }
  const requestBuckets = new Map(
    (
      db.prepare(QUALITY_OVER_TIME_SQL).all(bucketParams) as {
        bucket: number;
        requests: number;
        rejected: number;
      }[]
    ).map((r) => [r.bucket, r]),
  );
  const overTime = bucketStarts(window).map((startMs, b): QualityBucket => {
    const { requests, rejected } = requestBuckets.get(b) ?? { requests: 0, rejected: 0 };
    return {
      startMs,
      requests,
      rejected,
      rejectedShare: requests ? rejected / requests : 0,
      tasks: checked.map((c) => ({ task: c.quality.task, ...c.overTime[b] })),
    };
  });
  return {
    fromMs: window.fromMs,
    toMs: window.toMs,
    bucketMs: window.bucketMs,
    endpoints,
    rejectedByReason,
    tasks,
    overTime,
    alerts,
  };
}

function taskQuality(
  db: Database.Database,
  model: ServedModelData,
  window: TimeWindow,
): { quality: TaskQuality; overTime: FeatureQualityBucket[] } {
  const base = { task: model.task, modelVersion: model.version };
  if (!model.reference) {
    // Nothing is checked without training ranges: every bucket reads zeros, like the totals.
    const none = new FeatureChecks([], [], window).result();
    return {
      quality: { ...base, rows: 0, malformedRows: 0, features: none.features },
      overTime: none.overTime,
    };
  }
  const checks = new FeatureChecks(model.featureNames, referenceColumns(model), window);
  const scored = scanScoredWindow(
    db,
    {
      task: model.task,
      featureVersion: model.reference.featureVersion,
      featureCount: model.featureNames.length,
      window,
    },
    (_row, vector, tsMs) => checks.add(tsMs, vector),
  );
  const { features, overTime } = checks.result();
  return { quality: { ...base, rows: scored.rows, malformedRows: scored.malformedRows, features }, overTime };
}
