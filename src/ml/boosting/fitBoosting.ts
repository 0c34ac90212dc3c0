import { checkPredictColumns, checkTrainingData, type TargetKind } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import { binMatrix, fitBinCuts } from '../histogram/binning.ts';
import { HistogramWorkers } from '../histogram/histogramWorkers.ts';
import { packBinGroups } from '../histogram/packedHistogram.ts';
import type { Matrix } from '../matrix.ts';
import { accumulateImportances, type FlatTree, toFlatTree } from '../tree/flatTree.ts';
import { type BoostingParams, checkBoostingParams } from './boostingParams.ts';
import { runBoostingRounds, type ValidationSet } from './boostingRounds.ts';
import type { BoostingLoss } from './losses.ts';

export interface BoostingState {
  link: 'identity' | 'logit' | 'log';
  /** Raw-scale starting point: the loss's optimal constant. */
  baseScore: number;
  /** Trees whose leaf values already include the learning rate; raw score = baseScore + Σ leaves. */
  trees: FlatTree[];
  /** Index of the round with the best validation loss (the model keeps trees 0..bestIteration). */
  bestIteration: number;
  /** Raw totals per feature: split gain and number of splits, over the kept trees. */
  featureImportances: { gain: number[]; split: number[] };
  /** Mean training loss after each round (log loss, MSE or Tweedie deviance). */
  trainLoss: number[];
  /** Mean validation loss after each round (empty without a validation set). */
  validationLoss: number[];
}

/** From this many rows on, a second thread builds half of each histogram. */
const PARALLEL_MIN_ROWS = 20_000;
/** Shared histogram slots: enough for the open nodes of a depth-first tree of moderate depth. */
const MAX_SHARED_HISTOGRAMS = 64;

/** What a boosting model fits: its class name (for messages), artifact kind, loss and target kind. */
export interface BoostingModelSpec<K extends string> {
  model: string;
  kind: K;
  loss: BoostingLoss;
  target: TargetKind;
}

/**
 * Histogram gradient boosting: check the input, bin once (validation rows with the training cuts),
 * start the histogram worker for large data, run the rounds, and package the kept trees.
 */
export function fitBoosting<K extends string, P extends BoostingParams>(
  { model, kind, loss, target }: BoostingModelSpec<K>,
  params: P,
  X: Matrix,
  y: Float64Array,
  options: FitOptions,
): ModelArtifact<K, P, BoostingState> {
  checkBoostingParams(model, params);
  const weight = checkTrainingData(model, X, y, target, options.sampleWeight);
  const cuts = fitBinCuts(X, params.maxBins);
  const data = binMatrix(X, cuts);
  let validation: ValidationSet | null = null;
  if (options.validation) {
    const v = options.validation;
    checkPredictColumns(`${model}.fit validation`, X.featureNames, v.X);
    const validationWeight = checkTrainingData(`${model} validation`, v.X, v.y, target, v.sampleWeight);
    validation = { data: binMatrix(v.X, cuts), y: v.y, weight: validationWeight };
  }
  const baseScore = loss.baseScore(model, y, weight);
  const slots = Math.min(
    MAX_SHARED_HISTOGRAMS,
    (params.maxLeaves ?? params.maxDepth ?? MAX_SHARED_HISTOGRAMS) + 4,
  );
  // Without column sampling every node uses every feature: the packed kernel applies.
  const packed = Math.round(params.colsampleBytree * X.nCols) >= X.nCols ? packBinGroups(data) : null;
  const workers =
    X.nRows >= PARALLEL_MIN_ROWS ? HistogramWorkers.start(data, params.nThreads, slots, packed) : null;
  let rounds: ReturnType<typeof runBoostingRounds>;
  try {
    rounds = runBoostingRounds({
      params,
      loss,
      data,
      y,
      weight,
      baseScore,
      validation,
      workers,
      packed,
      onProgress: options.onProgress,
    });
  } finally {
    workers?.stop();
  }
  const kept = rounds.trees.slice(0, rounds.bestIteration + 1);
  const gain = new Float64Array(X.nCols);
  const split = new Float64Array(X.nCols);
  for (const tree of kept) accumulateImportances(tree, gain, split);
  return {
    kind,
    schemaVersion: 1,
    featureNames: [...X.featureNames],
    params: { ...params },
    state: {
      link: loss.link,
      baseScore,
      trees: kept.map(toFlatTree),
      bestIteration: rounds.bestIteration,
      featureImportances: { gain: Array.from(gain), split: Array.from(split) },
      trainLoss: rounds.trainLoss,
      validationLoss: rounds.validationLoss,
    },
  };
}
