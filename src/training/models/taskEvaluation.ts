import { prAuc, rocAuc } from '../../ml/metrics/index.ts';
import type { Task } from '../../registry/index.ts';
import type { TrainingConfig } from '../config.ts';
import type { SplitData } from '../data/splitTable.ts';
import { chooseThreshold, churnMetrics } from '../evaluate/churnMetrics.ts';
import { valueMetrics } from '../evaluate/valueMetrics.ts';

export type OracleKind = 'full' | 'observable';

/** How a task is labelled, selected and scored: the only place churn and value differ in training. */
export interface TaskEvaluation {
  task: Task;
  /** The label column, as stored in the bundle's `target`. */
  target: 'churn' | 'remainingRevenue';
  label(split: SplitData): Float64Array;
  /**
   * The simulator's truth for this target, when the data has an oracle: `full` knows the latent
   * intent, `observable` integrates it out given what the log shows (the best any model can do).
   */
  oracle(split: SplitData, kind?: OracleKind): Float64Array | undefined;
  /** Validation score that picks grid points and the candidate; higher is better. */
  selectionScore(y: Float64Array, prediction: Float64Array): number;
  selectionMetric: string;
  /** Churn: the threshold from validation predictions; value: none. */
  threshold(
    yValidation: Float64Array,
    validationPrediction: Float64Array,
  ): { threshold: number; note: string } | null;
  metrics(y: Float64Array, prediction: Float64Array, threshold: number | null): Record<string, number>;
}

/**
 * The evaluation rules of `task` under `config`.
 *
 * @example
 * taskEvaluation('churn', config).metrics(yTest, probaTest, 0.3).rocAuc;
 */
export function taskEvaluation(task: Task, config: TrainingConfig): TaskEvaluation {
  if (task === 'churn') {
    const metric = config.churn.selectionMetric;
    return {
      task,
      target: 'churn',
      label: (split) => split.churn,
      oracle: (split, kind = 'full') =>
        kind === 'full' ? split.oracle?.churnProbability : split.oracle?.observableChurnProbability,
      selectionMetric: metric,
      selectionScore: (y, p) => (metric === 'rocAuc' ? rocAuc(y, p) : prAuc(y, p)),
      threshold: (y, p) => chooseThreshold(config.churn.threshold, y, p),
      metrics: (y, p, threshold) => churnMetrics(y, p, threshold ?? 0.5),
    };
  }
  const { tweediePower, selectionMetric } = config['session-value'];
  return {
    task,
    target: 'remainingRevenue',
    label: (split) => split.remainingRevenue,
    oracle: (split, kind = 'full') =>
      kind === 'full' ? split.oracle?.remainingRevenue : split.oracle?.observableRemainingRevenue,
    selectionMetric,
    // Lower is better for every value metric: negate so "higher is better" holds everywhere.
    selectionScore: (y, p) => -valueMetrics(y, p, tweediePower)[selectionMetric],
    threshold: () => null,
    metrics: (y, p) => valueMetrics(y, p, tweediePower),
  };
}
