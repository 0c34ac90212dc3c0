import type Database from 'better-sqlite3';
import type { MonitoringThresholds } from './config.ts';
import { QUALITY_TOTALS_SQL, REJECTED_BY_REASON_SQL } from './queries.ts';
import { readScoredWindow } from './scoredWindow.ts';
import { referenceColumns, type ServedModel } from './servedModel.ts';
import type { TimeWindow } from './timeWindow.ts';

export interface FeatureQuality {
  name: string;
  missing: number;
  missingShare: number;
  /** Values below the training minimum / above the training maximum. */
  belowRange: number;
  aboveRange: number;
  outOfRangeShare: number;
}

export interface TaskQuality {
  task: ServedModel['task'];
  modelVersion: string;
  rows: number;
  /** Logged vectors of the wrong length or not an array (a logging or version bug). */
  malformedRows: number;
  features: FeatureQuality[];
}

export interface QualityReport {
  fromMs: number;
  toMs: number;
  endpoints: { endpoint: string; requests: number; rejected: number; rejectedShare: number }[];
  rejectedByReason: { endpoint: string; status: number; reason: string; requests: number }[];
  tasks: TaskQuality[];
  alerts: string[];
}

/**
 * Data quality of a window: rejected requests by reason (SQL), and per feature of every served model
 * the missing and out-of-training-range values of the scored requests.
 *
 * @example
 * qualityReport(db, servedModels, resolveTimeWindow({ since: '1h' }), DEFAULT_THRESHOLDS).alerts;
 */
export function qualityReport(
  db: Database.Database,
  models: readonly ServedModel[],
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): QualityReport {
  const params = { fromMs: window.fromMs, toMs: window.toMs };
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
  const tasks = models.map((model) => taskQuality(db, model, window));
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
  return { fromMs: window.fromMs, toMs: window.toMs, endpoints, rejectedByReason, tasks, alerts };
}

function taskQuality(db: Database.Database, model: ServedModel, window: TimeWindow): TaskQuality {
  const base = { task: model.task, modelVersion: model.version };
  if (!model.reference) return { ...base, rows: 0, malformedRows: 0, features: [] };
  const scored = readScoredWindow(db, {
    task: model.task,
    featureVersion: model.reference.featureVersion,
    featureCount: model.featureNames.length,
    window,
  });
  const refs = referenceColumns(model);
  const features = model.featureNames.map((name, j): FeatureQuality => {
    const values = scored.columns[j];
    const ref = refs[j];
    const min = ref ? ref.min : Number.NEGATIVE_INFINITY;
    const max = ref ? ref.max : Number.POSITIVE_INFINITY;
    let missing = 0;
    let belowRange = 0;
    let aboveRange = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) missing++;
      else if (v < min) belowRange++;
      else if (v > max) aboveRange++;
    }
    const n = values.length;
    return {
      name,
      missing,
      missingShare: n ? missing / n : 0,
      belowRange,
      aboveRange,
      outOfRangeShare: n ? (belowRange + aboveRange) / n : 0,
    };
  });
  return { ...base, rows: scored.rows, malformedRows: scored.malformedRows, features };
}
