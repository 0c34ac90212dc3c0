import { meanTweedieDeviance, rocAuc } from '../../ml/metrics/index.ts';
import { permutationImportance } from '../../ml/selection/index.ts';
import { sampleIndexes } from '../data/sampleIndexes.ts';
import type { TrainingSplits } from '../data/splitTable.ts';
import { DEVIANCE_FLOOR_YUAN } from '../evaluate/valueMetrics.ts';
import { gainImportances, predictTask } from '../models/catalog.ts';
import type { TaskRun } from '../models/trainTask.ts';
import type { Importances } from '../report/importanceFigures.ts';

/** Shuffles per feature: enough for a stable ranking with a visible spread, cheap enough for 45 features. */
const PERMUTATION_REPEATS = 3;

/**
 * Importances for the report: split gain of the boosted model (the winner when it is boosted) and
 * permutation importance of the winner on a seeded sample of test rows (ROC AUC lost for churn,
 * Tweedie deviance gained for value).
 *
 * @example
 * const importances = runImportances(run, splits, { rows: 20000, seed: 7, tweediePower: 1.5 });
 */
export function runImportances(
  run: TaskRun,
  splits: TrainingSplits,
  options: { rows: number; seed: number; tweediePower: number },
): Importances {
  const boosted =
    run.winner.family === 'gradient-boosting'
      ? run.winner
      : run.models.find((m) => m.family === 'gradient-boosting');
  const gainValues = boosted ? gainImportances(boosted.model) : null;
  const allRows = Int32Array.from({ length: splits.test.rows }, (_, i) => i);
  const sample = sampleIndexes(allRows, options.rows, options.seed);
  const X = splits.test.X.takeRows(sample);
  const yAll = run.evaluation.label(splits.test);
  const y = Float64Array.from(sample, (i) => yAll[i]);
  const isChurn = run.task === 'churn';
  const deviance = (yTrue: ArrayLike<number>, prediction: ArrayLike<number>) =>
    meanTweedieDeviance(
      yTrue,
      Float64Array.from(prediction, (p) => Math.max(p, DEVIANCE_FLOOR_YUAN)),
      options.tweediePower,
    );
  const permutation = permutationImportance(
    (M) => predictTask(run.task, run.winner.model, M),
    X,
    y,
    isChurn ? rocAuc : deviance,
    { nRepeats: PERMUTATION_REPEATS, seed: options.seed, greaterIsBetter: isChurn },
  );
  return {
    featureNames: splits.train.X.featureNames,
    gain: boosted && gainValues ? { model: boosted.name, values: gainValues } : null,
    permutation: {
      model: run.winner.name,
      metric: isChurn ? 'ROC AUC' : `Tweedie deviance (gain)`,
      mean: Array.from(permutation.importancesMean),
      std: Array.from(permutation.importancesStd),
    },
  };
}
