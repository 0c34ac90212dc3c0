import type { TrainingProgress } from '../../cli/progress.ts';
import { prepareDataset } from '../../dataset/prepareDataset.ts';
import { readProcessedTable } from '../../dataset/processedTable.ts';
import type { PromotionDecision } from '../../registry/index.ts';
import type { TrainingConfig } from '../config.ts';
import { judgeCandidate } from '../promotion/judgeCandidate.ts';
import { type TrainedTask, trainAll } from './trainAll.ts';

export interface RetrainOptions {
  /** Raw logs to prepare; null = use the already prepared `dataDir` as it is. */
  inputs: readonly string[] | null;
  dataDir: string;
  modelsDir: string;
  config: TrainingConfig;
  useGrid: boolean;
  progress: TrainingProgress;
  command: string;
  codeVersion: string | null;
  now?: Date;
}

export interface RetrainOutcome {
  trained: TrainedTask;
  decision: PromotionDecision;
}

/**
 * One retraining round: prepare the newest data, train candidates for both tasks, then let
 * `judgeCandidate` compare each with production on the same newest test sessions and promote or
 * keep (recorded in history.jsonl either way).
 *
 * @example
 * const outcomes = await retrain({ inputs: ['data/raw/alibaba_behavior.txt'], dataDir: 'data/processed', … });
 */
export async function retrain(options: RetrainOptions): Promise<RetrainOutcome[]> {
  const { progress } = options;
  if (options.inputs) {
    progress.log(`Preparing ${options.inputs.join(', ')} → ${options.dataDir}`);
    await prepareDataset({
      inputs: options.inputs,
      outDir: options.dataDir,
      onMessage: (line) => progress.log(line),
    });
  }
  const table = readProcessedTable(options.dataDir);
  const trained = trainAll({
    dataDir: options.dataDir,
    table,
    modelsDir: options.modelsDir,
    config: options.config,
    useGrid: options.useGrid,
    promote: 'never',
    progress,
    command: options.command,
    codeVersion: options.codeVersion,
    now: options.now,
  });
  return trained.map((result) => {
    const { task, run, splits } = result;
    const decision = judgeCandidate({
      modelsDir: options.modelsDir,
      task,
      candidateVersion: result.version,
      test: { X: splits.test.X, y: run.evaluation.label(splits.test), sessionHash: splits.test.sessionHash },
      evaluation: run.evaluation,
      rule: options.config.promotion[task],
      now: options.now,
    });
    return { trained: result, decision };
  });
}
