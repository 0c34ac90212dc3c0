import type { Task } from '../../registry/index.ts';
import type { TrainingConfig } from '../config.ts';
import type { TrainingSplits } from '../data/splitTable.ts';
import type { TrainingProgress } from '../progress.ts';
import { type FittedModel, fitModel } from './fitModel.ts';
import { type TaskEvaluation, taskEvaluation } from './taskEvaluation.ts';

/** Everything one task's training produced: every model, the candidate, and the oracle's scores. */
export interface TaskRun {
  task: Task;
  evaluation: TaskEvaluation;
  models: FittedModel[];
  /** The model with the best validation score: the candidate for production. */
  winner: FittedModel;
  /** Test metrics of the simulator's true probabilities/expectations (null without an oracle). */
  oracleMetrics: Record<string, number> | null;
  /** The oracle's test predictions (for the report's curves). */
  oracleTestPrediction: Float64Array | null;
}

/**
 * Train every configured model of a task and pick the candidate on validation (so the test
 * numbers in the report stay an unbiased estimate for every model, the winner included).
 *
 * @example
 * const run = trainTask('churn', splits, config, { useGrid: false, progress: SILENT_PROGRESS });
 * run.winner.testMetrics.rocAuc;
 */
export function trainTask(
  task: Task,
  splits: TrainingSplits,
  config: TrainingConfig,
  options: { useGrid: boolean; progress: TrainingProgress },
): TaskRun {
  const evaluation = taskEvaluation(task, config);
  const models = config[task].models.map((spec) => fitModel(spec, splits, evaluation, options));
  let winner = models[0];
  for (const model of models)
    if (model.validationScore > winner.validationScore || Number.isNaN(winner.validationScore))
      winner = model;
  const oracleTestPrediction = evaluation.oracle(splits.test) ?? null;
  let oracleMetrics: Record<string, number> | null = null;
  if (oracleTestPrediction) {
    // The oracle is judged at its own best threshold on validation, like every model.
    const oracleValidation = evaluation.oracle(splits.validation);
    const threshold = oracleValidation
      ? evaluation.threshold(evaluation.label(splits.validation), oracleValidation)
      : null;
    oracleMetrics = evaluation.metrics(
      evaluation.label(splits.test),
      oracleTestPrediction,
      threshold?.threshold ?? null,
    );
  }
  return { task, evaluation, models, winner, oracleMetrics, oracleTestPrediction };
}
