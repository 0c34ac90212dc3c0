import type Database from 'better-sqlite3';
import { binIndex, type ColumnReference, quantileSorted } from '../registry/reference.ts';
import type { ServedModelData } from '../registry/servedModel.ts';
import type { MonitoringThresholds } from './config.ts';
import { referenceColumns } from './referenceColumns.ts';
import { scanScoredWindow } from './scoredWindow.ts';
import { type ColumnDrift, columnDrift, columnSketch, psiBins, sketchDrift } from './stats/columnDrift.ts';
import { populationStabilityIndex } from './stats/psi.ts';
import { bucketStarts, type TimeWindow } from './timeWindow.ts';

/** Prediction distribution of one time bucket (served version only). */
export interface PredictionBucket {
  startMs: number;
  count: number;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  psi: number | null;
}

export interface DriftReport {
  task: ServedModelData['task'];
  modelVersion: string;
  featureVersion: string | null;
  fromMs: number;
  toMs: number;
  /** Scored requests in the window (all model versions of the same feature version). */
  rows: number;
  features: ColumnDrift[];
  driftedFeatures: string[];
  /** Share of evaluated features (those with enough rows) that drift. */
  driftedShare: number | null;
  datasetDrifted: boolean;
  /** Drift of the served version's predictions (null without a reference). */
  prediction: ColumnDrift | null;
  predictionOverTime: PredictionBucket[];
  /** Threshold crossings, as sentences; empty when all is well. */
  alerts: string[];
}

/**
 * Data drift (every feature) and prediction drift of one served model over a window of the log.
 *
 * @example
 * const report = driftReport(db, servedChurn, resolveTimeWindow({ since: '24h' }), DEFAULT_THRESHOLDS);
 * if (report.datasetDrifted) console.log(report.driftedFeatures);
 */
export function driftReport(
  db: Database.Database,
  model: ServedModelData,
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): DriftReport {
  const base = { task: model.task, modelVersion: model.version, fromMs: window.fromMs, toMs: window.toMs };
  const reference = model.reference;
  if (!reference) {
    return {
      ...base,
      featureVersion: null,
      rows: 0,
      features: [],
      driftedFeatures: [],
      driftedShare: null,
      datasetDrifted: false,
      prediction: null,
      predictionOverTime: [],
      alerts: [
        `${model.task} ${model.version}: no reference.json, drift cannot be measured (retrain to write one).`,
      ],
    };
  }
  // One streaming pass: each feature keeps a fixed-size sketch, never a column of the window's length.
  const columns = referenceColumns(model);
  const sketches = columns.map((ref) => (ref ? columnSketch(ref, thresholds) : null));
  const scored = scanScoredWindow(
    db,
    {
      task: model.task,
      featureVersion: reference.featureVersion,
      featureCount: model.featureNames.length,
      window,
    },
    (_row, vector) => {
      for (let j = 0; j < sketches.length; j++) {
        const v = vector[j];
        if (!Number.isNaN(v)) sketches[j]?.add(v);
      }
    },
  );
  const features: ColumnDrift[] = [];
  columns.forEach((ref, j) => {
    const sketch = sketches[j];
    if (ref && sketch) features.push(sketchDrift(ref, sketch, thresholds));
  });
  const evaluated = features.filter((f) => f.psiBand !== 'insufficient-data');
  const driftedFeatures = evaluated.filter((f) => f.drifted).map((f) => f.name);
  const driftedShare = evaluated.length ? driftedFeatures.length / evaluated.length : null;
  const datasetDrifted = driftedShare !== null && driftedShare >= thresholds.datasetDriftShare;

  const served = servedPredictions(
    scored.predictions,
    scored.modelVersionIndex,
    scored.modelVersions.indexOf(model.version),
  );
  const prediction = columnDrift(reference.prediction, served.values, thresholds);
  const predictionOverTime = bucketPredictions(scored.tsMs, served, window, reference.prediction, thresholds);

  const alerts: string[] = [];
  const label = `${model.task} ${model.version}`;
  if (datasetDrifted) {
    alerts.push(
      `${label}: dataset drift — ${driftedFeatures.length} of ${evaluated.length} features drift (${driftedFeatures.join(', ')}).`,
    );
  } else if (driftedFeatures.length > 0) {
    alerts.push(`${label}: features drift: ${driftedFeatures.join(', ')}.`);
  }
  if (prediction.drifted) {
    alerts.push(
      `${label}: prediction drift (PSI ${prediction.psi?.toFixed(3)}, Wasserstein/std ${prediction.wassersteinPerStd?.toFixed(3)}).`,
    );
  }
  return {
    ...base,
    featureVersion: reference.featureVersion,
    rows: scored.rows,
    features,
    driftedFeatures,
    driftedShare,
    datasetDrifted,
    prediction,
    predictionOverTime,
    alerts,
  };
}

/** Predictions of the served version only (other versions have other reference distributions). */
function servedPredictions(predictions: Float64Array, versionIndex: Int32Array, served: number) {
  const values = new Float64Array(predictions.length).fill(Number.NaN);
  for (let i = 0; i < predictions.length; i++) if (versionIndex[i] === served) values[i] = predictions[i];
  return { values };
}

function bucketPredictions(
  tsMs: Float64Array,
  served: { values: Float64Array },
  window: TimeWindow,
  referencePrediction: ColumnReference,
  thresholds: MonitoringThresholds,
): PredictionBucket[] {
  const { cuts, shares } = psiBins(referencePrediction);
  // Rows come ordered by time (SCORED_ROWS_SQL), so each bucket is one contiguous run of rows.
  const scratch = new Float64Array(tsMs.length);
  let row = 0;
  return bucketStarts(window).map((startMs) => {
    const endMs = startMs + window.bucketMs;
    let n = 0;
    for (; row < tsMs.length && tsMs[row] < endMs; row++) {
      if (!Number.isNaN(served.values[row])) scratch[n++] = served.values[row];
    }
    if (n === 0) return { startMs, count: 0, p10: null, p50: null, p90: null, psi: null };
    const sorted = scratch.subarray(0, n).sort();
    const counts = new Float64Array(shares.length);
    for (let i = 0; i < n; i++) counts[binIndex(cuts, sorted[i])]++;
    return {
      startMs,
      count: n,
      p10: quantileSorted(sorted, 0.1),
      p50: quantileSorted(sorted, 0.5),
      p90: quantileSorted(sorted, 0.9),
      psi: populationStabilityIndex(shares, counts, thresholds.psiEpsilon),
    };
  });
}
