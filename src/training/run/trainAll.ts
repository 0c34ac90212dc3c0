import type { TrainingProgress } from '../../cli/progress.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../../features/index.ts';
import { readProductionPointer, TASKS, type Task } from '../../registry/index.ts';
import type { TrainingConfig } from '../config.ts';
import { dataFingerprint } from '../data/fingerprint.ts';
import { type ProcessedRows, splitTable, type TrainingSplits } from '../data/splitTable.ts';
import { type TaskRun, trainTask } from '../models/trainTask.ts';
import { runImportances } from './importances.ts';
import { NO_SCORES, recordDecision } from './promoteVersion.ts';
import { writeVersion } from './writeVersion.ts';

/** When `train` moves the production pointer. */
export type PromoteMode = 'if-none' | 'always' | 'never';

/** A processed table as `readProcessedTable` returns it: the rows plus the manifest. */
export interface ProcessedTableLike extends ProcessedRows {
  manifest: {
    featureVersion: string;
    featureNames: readonly string[];
    inputs: readonly { path: string; sizeBytes: number; sha256: string }[];
    rows: number;
    sessions: number;
  };
}

export interface TrainAllOptions {
  dataDir: string;
  table: ProcessedTableLike;
  modelsDir: string;
  config: TrainingConfig;
  tasks?: readonly Task[];
  useGrid: boolean;
  promote: PromoteMode;
  progress: TrainingProgress;
  command: string;
  codeVersion: string | null;
  now?: Date;
  /** How the data was made, when a fixed recipe made it (recorded in the bundle's params). */
  recipe?: Record<string, unknown>;
}

/** One task's outcome of a training run. */
export interface TrainedTask {
  task: Task;
  version: string;
  dir: string;
  modelName: string;
  testMetrics: Record<string, number>;
  oracleMetrics: Record<string, number> | null;
  observableOracleMetrics: Record<string, number> | null;
  promoted: boolean;
  promotionReason: string;
  /** Every model's name and test metrics, for the summary. */
  models: { name: string; testMetrics: Record<string, number> }[];
  run: TaskRun;
  splits: TrainingSplits;
}

/**
 * Train both tasks on a prepared table, write each candidate as a registry version with its report,
 * and (per `promote`) point production at it. Refuses a table prepared with other features than
 * the running code.
 *
 * @example
 * trainAll({ dataDir, table: readProcessedTable(dataDir), modelsDir: 'models', config, useGrid: false,
 *   promote: 'if-none', progress: consoleProgress(), command: 'npm run train', codeVersion: gitCommit() });
 */
export function trainAll(options: TrainAllOptions): TrainedTask[] {
  const { table, config, modelsDir } = options;
  checkFeatures(options.dataDir, table.manifest);
  const splits = splitTable(table, { maxTrainRows: config.maxTrainRows, seed: config.seed });
  const fingerprint = dataFingerprint(options.dataDir, table.manifest);
  const createdAt = options.now ?? new Date();
  const results: TrainedTask[] = [];
  for (const task of options.tasks ?? TASKS) {
    options.progress.log(`Training ${task} models on ${splits.train.rows.toLocaleString('en-US')} rows…`);
    const run = trainTask(task, splits, config, { useGrid: options.useGrid, progress: options.progress });
    options.progress.log(
      `${task}: candidate ${run.winner.name}; permutation importance, figures and report…`,
    );
    const importances = runImportances(run, splits, {
      rows: config.permutationRows,
      seed: config.seed,
      tweediePower: config['session-value'].tweediePower,
    });
    const { version, dir } = writeVersion({
      modelsDir,
      run,
      splits,
      importances,
      dataFingerprint: fingerprint,
      trainingParams: {
        maxTrainRows: config.maxTrainRows,
        seed: config.seed,
        useGrid: options.useGrid,
        ...(options.recipe ? { recipe: options.recipe } : {}),
      },
      tweediePower: config['session-value'].tweediePower,
      createdAt,
      codeVersion: options.codeVersion,
      command: options.command,
      useGrid: options.useGrid,
    });
    const hasProduction = readProductionPointer(modelsDir, task) !== null;
    const promote = options.promote === 'always' || (options.promote === 'if-none' && !hasProduction);
    let reason = hasProduction
      ? 'candidate left for `npm run retrain` to judge against production (train promotes only with --promote)'
      : 'no production model yet';
    if (options.promote === 'never') reason = 'training run with --no-promote';
    if (promote) {
      reason = hasProduction ? 'promoted by `npm run train -- --promote`' : 'no production model yet';
      recordDecision(modelsDir, task, version, { promote: true, reason, scores: NO_SCORES }, createdAt);
    }
    results.push({
      task,
      version,
      dir,
      modelName: run.winner.name,
      testMetrics: run.winner.testMetrics,
      oracleMetrics: run.oracleMetrics,
      observableOracleMetrics: run.observableOracleMetrics,
      promoted: promote,
      promotionReason: reason,
      models: run.models.map((m) => ({ name: m.name, testMetrics: m.testMetrics })),
      run,
      splits,
    });
  }
  return results;
}

function checkFeatures(dataDir: string, manifest: ProcessedTableLike['manifest']): void {
  const sameNames =
    manifest.featureNames.length === FEATURE_NAMES.length &&
    manifest.featureNames.every((n, i) => n === FEATURE_NAMES[i]);
  if (manifest.featureVersion !== FEATURE_VERSION || !sameNames) {
    throw new Error(
      `${dataDir} was prepared with feature version ${manifest.featureVersion} (${manifest.featureNames.length} features), but the code computes ${FEATURE_VERSION} (${FEATURE_NAMES.length}); run \`npm run data:prepare\` again.`,
    );
  }
}
