import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { SimulatorParamsOverride } from '../../../src/data/simulator/index.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../../src/features/index.ts';
import type { Predictor } from '../../../src/ml/estimator.ts';
import { loadPredictor } from '../../../src/ml/inference/index.ts';
import { LinearRegression, LogisticRegression } from '../../../src/ml/linear/index.ts';
import { Matrix } from '../../../src/ml/matrix.ts';
import { RequestLogWriter } from '../../../src/monitoring/requestLog/index.ts';
import { writeProductionPointer } from '../../../src/registry/index.ts';
import { buildReference, type Reference } from '../../../src/registry/reference.ts';
import type { ServedModelData } from '../../../src/registry/servedModel.ts';
import { insertFeedback } from './requestLogDb.ts';
import { type SimulatedRows, simulatedRows } from './simulatedTraffic.ts';

export const CHURN_VERSION = '20261123T080000Z-0c0c0c0c';
export const VALUE_VERSION = '20261123T080000Z-0d0d0d0d';
export const CHURN_THRESHOLD = 0.3;

/**
 * The age hazard knob is switched off in all simulated traffic, so the profile knobs touch their
 * own features only (ageLevel, gender) and a shift of them is confined to known features.
 */
export const CONFINED_PARAMS: SimulatorParamsOverride = { hazard: { perAgeLevel: 0 } };

/** A deliberate shift of two profile knobs: older users, mostly gender 2. */
export const SHIFTED_PARAMS: SimulatorParamsOverride = {
  ...CONFINED_PARAMS,
  profile: { ageLevelWeights: [1, 1, 2, 4, 6, 10, 20, 30, 26], genderWeights: [10, 30, 60] },
};
export const SHIFTED_FEATURES = ['ageLevel', 'gender'];

/**
 * Training-time references of both tasks from simulated default traffic: features through the real
 * feature function; as "model" the simulator's oracle (the best any model could do).
 */
export function trainingReferences(sessions = 3000, seed = 1): { churn: Reference; value: Reference } {
  const rows = simulatedRows({ sessions, seed, params: CONFINED_PARAMS });
  return {
    churn: buildReference(FEATURE_VERSION, FEATURE_NAMES, rows.columns, rows.churnProbability),
    value: buildReference(FEATURE_VERSION, FEATURE_NAMES, rows.columns, rows.expectedRemainingRevenueYuan),
  };
}

export function servedModels(references: {
  churn: Reference;
  value: Reference;
}): (ServedModelData & { reference: Reference })[] {
  return [
    {
      task: 'churn',
      version: CHURN_VERSION,
      featureNames: FEATURE_NAMES,
      threshold: CHURN_THRESHOLD,
      reference: references.churn,
    },
    {
      task: 'session-value',
      version: VALUE_VERSION,
      featureNames: FEATURE_NAMES,
      reference: references.value,
    },
  ];
}

/** A linear artifact over FEATURE_NAMES that predicts `value` for every row (servable, trivially). */
function constantArtifact(value: number): object {
  const X = Matrix.fromColumns(
    FEATURE_NAMES,
    FEATURE_NAMES.map(() => new Float64Array(4)),
  );
  return new LinearRegression().fit(X, new Float64Array(4).fill(value)).toJSON();
}

/** A registry folder serving both models with their references (as training writes it). */
export function writeModelsDir(
  modelsDir: string,
  references: { churn: Reference; value: Reference },
  artifacts?: { churn: object; value: object },
): void {
  for (const model of servedModels(references)) {
    const artifact = artifacts
      ? model.task === 'churn'
        ? artifacts.churn
        : artifacts.value
      : constantArtifact(model.reference.prediction.mean);
    const dir = join(modelsDir, model.task, model.version);
    mkdirSync(dir, { recursive: true });
    const bundle = {
      bundleSchemaVersion: 1,
      task: model.task,
      version: model.version,
      createdAt: '2026-11-23T08:00:00.000Z',
      modelName: artifacts ? 'linear' : 'simulator-oracle',
      target: model.task === 'churn' ? 'churn' : 'remainingRevenue',
      featureVersion: FEATURE_VERSION,
      featureNames: FEATURE_NAMES,
      artifact,
      ...(model.threshold === undefined ? {} : { threshold: model.threshold }),
      params: {},
      metrics: {},
      dataFingerprint: { files: [], rows: 0, sessions: 0 },
      codeVersion: null,
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(bundle));
    writeFileSync(join(dir, 'reference.json'), JSON.stringify(model.reference));
    writeProductionPointer(modelsDir, {
      task: model.task,
      version: model.version,
      promotedAt: '2026-11-23T08:00:00.000Z',
      previousVersion: null,
      reason: 'test scenario',
    });
  }
}

/**
 * Real, small models trained on simulated default traffic (logistic regression for churn, ridge
 * linear regression for value), written to a registry folder with the references of their own
 * predictions — what `npm run train` writes, in miniature, so the real app can serve them.
 */
export function writeTrainedRegistry(modelsDir: string, sessions = 3000, seed = 1) {
  const rows = simulatedRows({ sessions, seed, params: CONFINED_PARAMS });
  const X = Matrix.fromColumns(FEATURE_NAMES, rows.columns);
  const churnModel = new LogisticRegression().fit(X, Float64Array.from(rows.churned));
  const valueModel = new LinearRegression({ alpha: 1 }).fit(X, rows.remainingRevenueYuan);
  const artifacts = { churn: churnModel.toJSON(), value: valueModel.toJSON() };
  const predictors = { churn: loadPredictor(artifacts.churn), value: loadPredictor(artifacts.value) };
  const references = {
    churn: buildReference(FEATURE_VERSION, FEATURE_NAMES, rows.columns, churnModel.predictProba(X)),
    value: buildReference(FEATURE_VERSION, FEATURE_NAMES, rows.columns, valueModel.predict(X)),
  };
  writeModelsDir(modelsDir, references, artifacts);
  return { predictors, references };
}

/**
 * Replay simulated traffic into a request log through the service's batched writer: every page is
 * one /churn and one /session-value request, spread evenly over `[fromMs, toMs)`, predictions from
 * the oracle (or the given predictors), latencies from a fixed pseudo-random curve. With `feedback`, outcomes of every page
 * follow through /feedback's recorder (by client session id and page count).
 */
export function replayTraffic(
  db: Database.Database,
  rows: SimulatedRows,
  {
    fromMs,
    toMs,
    tag,
    feedback = false,
    predictors,
  }: {
    fromMs: number;
    toMs: number;
    tag: string;
    feedback?: boolean;
    predictors?: { churn: Predictor; value: Predictor };
  },
): void {
  const writer = new RequestLogWriter(db, { flushIntervalMs: 60_000, maxQueueRows: 5_000 });
  const stepMs = (toMs - fromMs) / rows.rows;
  for (let r = 0; r < rows.rows; r++) {
    const tsMs = Math.floor(fromMs + r * stepMs);
    const clientSessionId = `${tag}-${rows.sessionIndex[r]}`;
    const jitter = ((r * 7919) % 1000) / 1000; // deterministic spread of latencies
    const common = {
      tsMs,
      clientSessionId,
      featureVersion: FEATURE_VERSION,
      features: rows.vectors[r],
      pageCount: rows.pageCount[r],
      status: 200,
      errorReason: null,
    };
    const churn = predictors ? predictors.churn.predictRow(rows.vectors[r]) : rows.churnProbability[r];
    const value = predictors
      ? predictors.value.predictRow(rows.vectors[r])
      : rows.expectedRemainingRevenueYuan[r];
    writer.write({
      ...common,
      endpoint: '/churn',
      requestId: `${tag}-churn-${r}`,
      task: 'churn',
      modelVersion: CHURN_VERSION,
      prediction: churn,
      decision: churn >= CHURN_THRESHOLD ? 1 : 0,
      latencyMs: 0.8 + 2 * jitter ** 3,
    });
    writer.write({
      ...common,
      endpoint: '/session-value',
      requestId: `${tag}-value-${r}`,
      task: 'session-value',
      modelVersion: VALUE_VERSION,
      prediction: value,
      decision: null,
      latencyMs: 1 + 3 * jitter ** 4,
      // As served: mostly the default 80 %, every fifth answer asked for 90 % (wider).
      interval:
        r % 5 === 0
          ? { level: 0.9, low: Math.max(0, value - 10), high: value + 60 }
          : { level: 0.8, low: Math.max(0, value - 5), high: value + 25 },
    });
  }
  writer.close();
  if (feedback) {
    insertFeedback(
      db,
      Array.from({ length: rows.rows }, (_, r) => ({
        tsMs: Math.floor(fromMs + r * stepMs) + 1,
        clientSessionId: `${tag}-${rows.sessionIndex[r]}`,
        pageCount: rows.pageCount[r],
        churned: rows.churned[r] as 0 | 1,
        realisedRevenueYuan: rows.remainingRevenueYuan[r],
      })),
    );
  }
}
