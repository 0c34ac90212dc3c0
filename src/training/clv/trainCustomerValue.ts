import { SILENT_PROGRESS, type TrainingProgress } from '../../cli/progress.ts';
import { CUSTOMER_FEATURE_NAMES, DAYS_PER_UNIT } from '../../customers/index.ts';
import {
  BgNbdModel,
  type CustomerValueArtifact,
  CustomerValuePredictor,
  GammaGammaModel,
  GradientBoostingClassifier,
  GradientBoostingRegressor,
} from '../../ml/index.ts';
import {
  type CohortMatrices,
  type CustomerSegmentation,
  cohortMatrices,
  DEFAULT_SEGMENT_CONFIG,
  fitSegmentation,
  segmentPopulation,
} from '../../segments/index.ts';
import type { TransactionLog } from '../../transactions/index.ts';
import { type CustomerDesign, customerDesign } from './customerDesign.ts';
import { type CustomerValueConfig, SUPERVISED_PARAMS } from './customerValueConfig.ts';
import { type HorizonMetrics, horizonMetrics } from './evaluateCustomerValue.ts';
import { compareParetoNbd, type ParetoNbdComparison } from './paretoNbdComparison.ts';
import { type CustomerScores, scoreCustomers } from './scoreCustomers.ts';

/** A trained customer-value model with its holdout evaluation. */
export interface CustomerValueRun {
  config: CustomerValueConfig;
  design: CustomerDesign;
  artifact: CustomerValueArtifact;
  /** Holdout scores of every output. */
  scores: CustomerScores;
  metrics: { bgnbd: HorizonMetrics; supervised: HorizonMetrics };
  /** Pareto/NBD on the same calibration summary and holdout, reported beside BG/NBD (not served). */
  paretoNbd: ParetoNbdComparison;
  fitSeconds: { bgnbd: number; gammaGamma: number; purchaseModel: number; spendModel: number };
  /** Gain importances of the supervised models, by feature name. */
  importances: { purchase: number[]; spend: number[] };
  /**
   * The segments of the holdout customers (the population BG/NBD was fitted on), ranked by the
   * served lifetimeValue: stored in the bundle so the API places each customer it values.
   */
  segmentation: CustomerSegmentation;
  /** First-purchase-month cohorts of every transaction read (cohorts.json beside the model). */
  cohorts: CohortMatrices;
}

/**
 * Fit BG/NBD and Gamma-Gamma on the holdout cut-off's summary, the supervised purchase and spend
 * models on the earlier cut-off (a fifth of those customers held out for early stopping), and score
 * all of them on the same holdout customers; Pareto/NBD is fitted beside BG/NBD for the report.
 *
 * @example
 * const run = trainCustomerValue(log, summaryOfRead.lastDay!, config);
 * run.metrics.supervised.rocAuc;
 */
export function trainCustomerValue(
  log: TransactionLog,
  observedUntil: number,
  config: CustomerValueConfig,
  progress: TrainingProgress = SILENT_PROGRESS,
): CustomerValueRun {
  const design = customerDesign(log, observedUntil, config);
  const { training, holdout } = design;
  const timed = <T>(label: string, train: () => T): [T, number] => {
    progress.modelStarted(label);
    const start = performance.now();
    const result = train();
    const seconds = (performance.now() - start) / 1000;
    progress.modelFinished(label, 'fitted');
    return [result, seconds];
  };
  const [bgnbd, bgnbdSeconds] = timed('BG/NBD', () => new BgNbdModel().fit(holdout.summary));
  const [gammaGamma, ggSeconds] = timed('Gamma-Gamma', () => new GammaGammaModel().fit(holdout.summary));
  const split = earlyStoppingSplit(training.X.nRows, config.seed);
  const XFit = training.X.takeRows(split.fit);
  const XStop = training.X.takeRows(split.stop);
  const pick = (y: Float64Array, rows: Int32Array) => Float64Array.from(rows, (i) => y[i]!);
  const onProgress = (done: number, total: number) => progress.modelStep(done, total);
  const [purchaseModel, purchaseSeconds] = timed('purchase flag (boosting)', () =>
    new GradientBoostingClassifier({ ...SUPERVISED_PARAMS.purchase, seed: config.seed }).fit(
      XFit,
      pick(training.targets.purchased, split.fit),
      { validation: { X: XStop, y: pick(training.targets.purchased, split.stop) }, onProgress },
    ),
  );
  const [spendModel, spendSeconds] = timed('spend (boosting, Tweedie)', () =>
    new GradientBoostingRegressor({ ...SUPERVISED_PARAMS.spend, seed: config.seed }).fit(
      XFit,
      pick(training.targets.spend, split.fit),
      { validation: { X: XStop, y: pick(training.targets.spend, split.stop) }, onProgress },
    ),
  );
  const artifact: CustomerValueArtifact = {
    kind: 'customer-value',
    schemaVersion: 1,
    featureNames: [...CUSTOMER_FEATURE_NAMES],
    params: {
      timeUnitDays: DAYS_PER_UNIT[config.timeUnit],
      horizonDays: config.horizonDays,
      lifetime: { ...config.lifetime },
    },
    state: {
      bgnbd: bgnbd.toJSON(),
      gammaGamma: gammaGamma.toJSON(),
      purchaseModel: purchaseModel.toJSON(),
      spendModel: spendModel.toJSON(),
    },
  };
  const scores = scoreCustomers(new CustomerValuePredictor(artifact), holdout.summary, holdout.X);
  const segmentConfig = config.segments ?? DEFAULT_SEGMENT_CONFIG;
  const [segments] = timed('segments (thresholds, RFM, mixture)', () =>
    fitSegmentation(
      segmentPopulation(holdout.summary.features, {
        pAlive: scores.probabilityAlive,
        clv: scores.lifetimeValue,
        recentDays: segmentConfig.missedOpportunity.recentDays,
      }),
      {
        config: segmentConfig,
        seed: config.seed,
        clv: { measure: 'lifetimeValue', horizonDays: config.lifetime.horizonDays },
        onProgress,
      },
    ),
  );
  const [paretoNbd] = timed('Pareto/NBD (comparison)', () => compareParetoNbd(design, config, scores));
  return {
    config,
    design,
    artifact,
    scores,
    metrics: {
      bgnbd: horizonMetrics(holdout.targets, scores.purchaseProbability, scores.expectedSpend),
      supervised: horizonMetrics(
        holdout.targets,
        scores.supervisedPurchaseProbability,
        scores.supervisedSpend,
      ),
    },
    fitSeconds: {
      bgnbd: bgnbdSeconds,
      gammaGamma: ggSeconds,
      purchaseModel: purchaseSeconds,
      spendModel: spendSeconds,
    },
    importances: { purchase: purchaseModel.featureImportances(), spend: spendModel.featureImportances() },
    segmentation: segments.segmentation,
    cohorts: cohortMatrices(log),
    paretoNbd,
  };
}

/** Rows for fitting and for early stopping: every fifth row (after a seeded shuffle) stops. */
function earlyStoppingSplit(rows: number, seed: number): { fit: Int32Array; stop: Int32Array } {
  const fit: number[] = [];
  const stop: number[] = [];
  for (let i = 0; i < rows; i++) (hashUnit(i, seed) < 0.2 ? stop : fit).push(i);
  return { fit: Int32Array.from(fit), stop: Int32Array.from(stop) };
}

/** A uniform number in [0, 1) from (row, seed): a split that does not depend on row order elsewhere. */
function hashUnit(i: number, seed: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
