import type { TrainingProgress } from '../../cli/progress.ts';
import type { Classifier, Regressor } from '../../ml/estimator.ts';
import { expandGrid } from '../../ml/selection/index.ts';
import type { AnyModelSpec } from '../config.ts';
import type { TrainingSplits } from '../data/splitTable.ts';
import { createEstimator, predictTask, stepsOf } from './catalog.ts';
import type { TaskEvaluation } from './taskEvaluation.ts';

/** One trained model of a run, with everything the report and the registry need. */
export interface FittedModel {
  name: string;
  family: string;
  /** The params it was fitted with (config params, or the best grid point). */
  params: Record<string, unknown>;
  model: Classifier | Regressor;
  validationPrediction: Float64Array;
  testPrediction: Float64Array;
  /** Selection score on validation (higher is better). */
  validationScore: number;
  threshold: number | null;
  thresholdNote: string | null;
  testMetrics: Record<string, number>;
  /** Every grid point tried with its validation score (one entry without a grid). */
  grid: { params: Record<string, unknown>; validationScore: number }[];
  fitSeconds: number;
}

/**
 * Fit one configured model on the training rows (validation given for early stopping), optionally
 * over its grid (best validation score wins), choose the churn threshold on validation, and score it
 * on the test rows, which nothing was fitted or tuned on.
 *
 * @example
 * const fitted = fitModel(spec, splits, taskEvaluation('churn', config), { useGrid: false, progress });
 */
export function fitModel(
  spec: AnyModelSpec,
  splits: TrainingSplits,
  evaluation: TaskEvaluation,
  options: { useGrid: boolean; progress: TrainingProgress },
): FittedModel {
  const { train, validation, test } = splits;
  // Grid values override the config's params; no grid (or no --grid) is the params alone.
  const grid = options.useGrid && spec.grid ? spec.grid : {};
  const points = expandGrid<Record<string, unknown>>(grid).map((point) => ({ ...spec.params, ...point }));
  const started = performance.now();
  const tried: FittedModel['grid'] = [];
  let best: {
    params: Record<string, unknown>;
    model: Classifier | Regressor;
    prediction: Float64Array;
    score: number;
  } | null = null;
  for (const [k, params] of points.entries()) {
    const label = `${evaluation.task} ${spec.name}${points.length > 1 ? ` [grid ${k + 1}/${points.length}]` : ''}`;
    options.progress.modelStarted(label);
    const steps = stepsOf(params);
    const model = createEstimator(evaluation.task, spec.family, params);
    model.fit(train.X, evaluation.label(train), {
      validation: { X: validation.X, y: evaluation.label(validation) },
      onProgress: (done, total) => options.progress.modelStep(done, total),
    });
    if (steps !== null) options.progress.modelStep(steps, steps);
    const prediction = predictTask(evaluation.task, model, validation.X);
    const score = evaluation.selectionScore(evaluation.label(validation), prediction);
    tried.push({ params, validationScore: score });
    options.progress.modelFinished(label, `validation ${evaluation.selectionMetric} ${formatScore(score)}`);
    if (best === null || score > best.score || (Number.isNaN(best.score) && !Number.isNaN(score))) {
      best = { params, model, prediction, score };
    }
  }
  if (best === null)
    throw new Error(`${spec.name}: the parameter grid is empty; give at least one value per grid key.`);
  const chosen = best;
  const chosenThreshold = evaluation.threshold(evaluation.label(validation), chosen.prediction);
  const testPrediction = predictTask(evaluation.task, chosen.model, test.X);
  return {
    name: spec.name,
    family: spec.family,
    params: chosen.params,
    model: chosen.model,
    validationPrediction: chosen.prediction,
    testPrediction,
    validationScore: chosen.score,
    threshold: chosenThreshold?.threshold ?? null,
    thresholdNote: chosenThreshold?.note ?? null,
    testMetrics: evaluation.metrics(
      evaluation.label(test),
      testPrediction,
      chosenThreshold?.threshold ?? null,
    ),
    grid: tried,
    fitSeconds: (performance.now() - started) / 1000,
  };
}

/** Value metrics are negated for selection; show them with their natural sign. */
function formatScore(score: number): string {
  return Math.abs(score).toPrecision(4);
}
