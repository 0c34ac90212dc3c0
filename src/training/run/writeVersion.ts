import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../features/index.ts';
import {
  BUNDLE_FILE,
  createVersionDir,
  type DataFingerprint,
  METRICS_FILE,
  type ModelBundle,
  REFERENCE_FILE,
  REPORT_FILE,
  versionDir,
} from '../../registry/index.ts';
import { buildReference } from '../../registry/reference.ts';
import { buildSessionSet, writeSessionSet } from '../../registry/sessionSet.ts';
import { SESSION_HASH } from '../data/sessionHashes.ts';
import type { TrainingSplits } from '../data/splitTable.ts';
import { predictTask } from '../models/catalog.ts';
import type { TaskRun } from '../models/trainTask.ts';
import { churnFigures } from '../report/churnFigures.ts';
import { churnReportMarkdown } from '../report/churnReport.ts';
import { type Importances, importanceFigures } from '../report/importanceFigures.ts';
import type { ReportContext } from '../report/reportContext.ts';
import { valueFigures } from '../report/valueFigures.ts';
import { valueReportMarkdown } from '../report/valueReport.ts';

export interface VersionInputs {
  modelsDir: string;
  run: TaskRun;
  splits: TrainingSplits;
  importances: Importances;
  dataFingerprint: DataFingerprint;
  /** What identifies the training settings (recorded in the bundle and hashed into the version). */
  trainingParams: Record<string, unknown>;
  tweediePower: number;
  createdAt: Date;
  codeVersion: string | null;
  command: string;
  useGrid: boolean;
}

/**
 * Write one task's run as a new registry version: figures, report.md, metrics.json (every model
 * and the oracle), reference.json (training distributions of the features and of the candidate's
 * predictions) and, last, model.json, so a folder without model.json is never taken for a version.
 *
 * @example
 * const { version, bundle } = writeVersion({ modelsDir: 'models', run, splits, … });
 */
export function writeVersion(inputs: VersionInputs): { version: string; dir: string; bundle: ModelBundle } {
  const { run, splits, modelsDir } = inputs;
  const winner = run.winner;
  const artifact = winner.model.toJSON();
  const params = { family: winner.family, model: winner.params, training: inputs.trainingParams };
  const version = createVersionDir(modelsDir, run.task, inputs.createdAt, {
    data: inputs.dataFingerprint,
    params,
    featureVersion: FEATURE_VERSION,
  });
  const dir = versionDir(modelsDir, run.task, version);
  const context: ReportContext = {
    version,
    createdAt: inputs.createdAt.toISOString(),
    featureVersion: FEATURE_VERSION,
    featureCount: FEATURE_NAMES.length,
    codeVersion: inputs.codeVersion,
    splits: {
      train: { rows: splits.train.rows, sessions: splits.train.sessions },
      validation: { rows: splits.validation.rows, sessions: splits.validation.sessions },
      test: { rows: splits.test.rows, sessions: splits.test.sessions },
    },
    dataFingerprint: inputs.dataFingerprint,
    command: inputs.command,
    useGrid: inputs.useGrid,
  };
  const yTest = run.evaluation.label(splits.test);
  const figures = {
    ...(run.task === 'churn' ? churnFigures(run, yTest) : valueFigures(run, yTest)),
    ...importanceFigures(inputs.importances),
  };
  for (const [name, svg] of Object.entries(figures)) writeFileSync(join(dir, name), svg);
  const report =
    run.task === 'churn'
      ? churnReportMarkdown(run, inputs.importances, context)
      : valueReportMarkdown(run, inputs.importances, context, inputs.tweediePower);
  writeFileSync(join(dir, REPORT_FILE), report);
  writeFileSync(join(dir, METRICS_FILE), `${JSON.stringify(metricsDocument(run, context), null, 2)}\n`);
  const trainPrediction = predictTask(run.task, winner.model, splits.train.X);
  const reference = buildReference(FEATURE_VERSION, FEATURE_NAMES, splits.train.X.columns, trainPrediction);
  writeFileSync(join(dir, REFERENCE_FILE), JSON.stringify(reference));
  // What this version saw while fitting (train, and validation for early stopping and the
  // threshold), so a retrain never judges it on those sessions.
  const seen = new Uint32Array(splits.train.rows + splits.validation.rows);
  seen.set(splits.train.sessionHash);
  seen.set(splits.validation.sessionHash, splits.train.rows);
  writeSessionSet(dir, buildSessionSet(seen, SESSION_HASH));
  const bundle: ModelBundle = {
    bundleSchemaVersion: 1,
    task: run.task,
    version,
    createdAt: inputs.createdAt.toISOString(),
    modelName: winner.name,
    target: run.evaluation.target,
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    artifact,
    ...(winner.threshold !== null ? { threshold: winner.threshold } : {}),
    ...(run.interval ? { interval: run.interval } : {}),
    ...(run.survival ? { survival: { artifact: run.survival.pagesAhead.toJSON() } } : {}),
    params,
    metrics: finiteMetrics(winner.testMetrics),
    dataFingerprint: inputs.dataFingerprint,
    codeVersion: inputs.codeVersion,
  };
  writeFileSync(join(dir, BUNDLE_FILE), JSON.stringify(bundle));
  return { version, dir, bundle };
}

/** JSON has no NaN: a metric that could not be computed is left out of the bundle. */
function finiteMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}

function metricsDocument(run: TaskRun, context: ReportContext) {
  return {
    task: run.task,
    version: context.version,
    createdAt: context.createdAt,
    split: 'test',
    selectionMetric: run.evaluation.selectionMetric,
    candidate: run.winner.name,
    splits: context.splits,
    models: run.models.map((m) => ({
      name: m.name,
      family: m.family,
      params: m.params,
      validationScore: Math.abs(m.validationScore),
      threshold: m.threshold,
      thresholdNote: m.thresholdNote,
      fitSeconds: m.fitSeconds,
      test: finiteMetrics(m.testMetrics),
      grid: m.grid.map((point) => ({
        params: point.params,
        validationScore: Math.abs(point.validationScore),
      })),
    })),
    oracle: run.oracleMetrics ? finiteMetrics(run.oracleMetrics) : null,
    observableOracle: run.observableOracleMetrics ? finiteMetrics(run.observableOracleMetrics) : null,
  };
}
