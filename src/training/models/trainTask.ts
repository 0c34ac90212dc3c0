import type { TrainingProgress } from '../../cli/progress.ts';
import type { GradientBoostingClassifier } from '../../ml/boosting/index.ts';
import { type ConformalCalibration, fitConformal } from '../../ml/conformal.ts';
import type { Task } from '../../registry/index.ts';
import type { TrainingConfig } from '../config.ts';
import type { TrainingSplits } from '../data/splitTable.ts';
import { giniGap } from '../evaluate/giniGap.ts';
import { intervalMetrics } from '../evaluate/intervalMetrics.ts';
import { type FittedModel, fitModel } from './fitModel.ts';
import { fitPagesAhead, kaplanMeier, meanSurvivalCurve, SURVIVAL_HORIZONS } from './survival.ts';
import { type OracleKind, type TaskEvaluation, taskEvaluation } from './taskEvaluation.ts';

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
  /** The same for the observable oracle (the intent integrated out: the reachable limit). */
  observableOracleMetrics: Record<string, number> | null;
  observableOracleTestPrediction: Float64Array | null;
  /** Session value: the winner's split-conformal calibration, fitted on validation (null for churn). */
  interval: ConformalCalibration | null;
  /** Churn: the pages-ahead hazard model of the survival view, and its test curves against Kaplan–Meier. */
  survival: {
    pagesAhead: GradientBoostingClassifier;
    predictedCurve: Float64Array;
    kaplanMeierCurve: Float64Array;
  } | null;
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
  // Intervals are calibrated on validation, where the winner was not fitted; their coverage is
  // then measured on test like every other metric.
  let interval: ConformalCalibration | null = null;
  if (task === 'session-value') {
    interval = fitConformal(evaluation.label(splits.validation), winner.validationPrediction, {
      power: config['session-value'].tweediePower,
    });
    Object.assign(
      winner.testMetrics,
      intervalMetrics(interval, evaluation.label(splits.test), winner.testPrediction),
    );
  }
  // The survival view: the winner gives horizon 1, a pages-ahead model the later ones.
  let survival: TaskRun['survival'] = null;
  if (task === 'churn') {
    const pagesAhead = fitPagesAhead(splits, config.seed);
    const horizons = SURVIVAL_HORIZONS.length;
    const predictedCurve = meanSurvivalCurve(splits.test, winner.testPrediction, pagesAhead, horizons);
    const kaplanMeierCurve = kaplanMeier(splits.test, horizons);
    survival = { pagesAhead, predictedCurve, kaplanMeierCurve };
    let largestGap = 0;
    for (let k = 0; k < horizons; k++)
      largestGap = Math.max(largestGap, Math.abs(predictedCurve[k] - kaplanMeierCurve[k]));
    winner.testMetrics.survivalMaxGapToKaplanMeier = largestGap;
  }
  const full = scoreOracle(evaluation, splits, 'full');
  const observable = scoreOracle(evaluation, splits, 'observable');
  // How much of the value model's Gini gap to the observable oracle is learnable, how much chance.
  if (task === 'session-value' && full.testPrediction && observable.testPrediction) {
    const gap = giniGap({
      y: evaluation.label(splits.test),
      prediction: winner.testPrediction,
      observableOracle: observable.testPrediction,
      fullOracle: full.testPrediction,
      sessionId: splits.test.sessionId,
      seed: config.seed,
    });
    winner.testMetrics.giniGapToObservableOracle = gap.realisedGap;
    winner.testMetrics.giniGapToObservableOracleSd = gap.realisedGapSd;
    winner.testMetrics.expectedGiniGapToObservableOracle = gap.expectedGap;
  }
  return {
    task,
    evaluation,
    models,
    winner,
    oracleMetrics: full.metrics,
    oracleTestPrediction: full.testPrediction,
    observableOracleMetrics: observable.metrics,
    observableOracleTestPrediction: observable.testPrediction,
    interval,
    survival,
  };
}

/** An oracle's test metrics, judged at its own best threshold on validation like every model. */
function scoreOracle(evaluation: TaskEvaluation, splits: TrainingSplits, kind: OracleKind) {
  const testPrediction = evaluation.oracle(splits.test, kind) ?? null;
  if (!testPrediction) return { metrics: null, testPrediction };
  const validation = evaluation.oracle(splits.validation, kind);
  const threshold = validation ? evaluation.threshold(evaluation.label(splits.validation), validation) : null;
  const metrics = evaluation.metrics(
    evaluation.label(splits.test),
    testPrediction,
    threshold?.threshold ?? null,
  );
  return { metrics, testPrediction };
}
