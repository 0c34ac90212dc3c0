import type { FitOptions, ModelArtifact } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { type BinnedMatrix, binMatrix, fitBinCuts } from '../tree/binning.ts';
import { checkPredictColumns, checkTrainingData, type TargetKind } from '../tree/checkInput.ts';
import { accumulateImportances, type FlatTree, leafOfBinnedRow, toFlatTree } from '../tree/flatTree.ts';
import { type GrownTree, growTree } from '../tree/grower.ts';
import { createRng, sampleWithoutReplacement } from '../tree/random.ts';
import { type BoostingParams, checkBoostingParams } from './boostingParams.ts';
import type { BoostingLoss } from './losses.ts';
import { SecondOrderCriterion } from './secondOrderCriterion.ts';

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

/**
 * Histogram gradient boosting: bin once, then each round computes g and h, grows a tree on their
 * histograms with the shared grower (second-order gain), and adds the leaf values to the training
 * predictions leaf by leaf — rows are never re-walked down the tree, except those a row subsample
 * left out and the validation rows (walked on their bins).
 */
export function fitBoosting<K extends string, P extends BoostingParams>(
  model: string,
  kind: K,
  params: P,
  loss: BoostingLoss,
  target: TargetKind,
  X: Matrix,
  y: Float64Array,
  options: FitOptions,
): ModelArtifact<K, P, BoostingState> {
  checkBoostingParams(model, params);
  const weight = checkTrainingData(model, X, y, target, options.sampleWeight);
  const cuts = fitBinCuts(X, params.maxBins);
  const data = binMatrix(X, cuts);
  const validation = options.validation;
  let valData: BinnedMatrix | null = null;
  let valWeight: Float64Array = new Float64Array(0);
  if (validation) {
    checkPredictColumns(`${model}.fit validation`, X.featureNames, validation.X);
    valWeight = checkTrainingData(
      `${model} validation`,
      validation.X,
      validation.y,
      target,
      validation.sampleWeight,
    );
    valData = binMatrix(validation.X, cuts);
  }
  const n = X.nRows;
  const baseScore = loss.baseScore(model, y, weight);
  const F = new Float64Array(n).fill(baseScore);
  const valF = new Float64Array(validation ? validation.X.nRows : 0).fill(baseScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const rows = new Int32Array(n);
  const inSample = new Uint8Array(n);
  const allFeatures = Int32Array.from({ length: X.nCols }, (_, f) => f);
  const featurePool = allFeatures.slice();
  const nTreeFeatures = Math.max(1, Math.round(params.colsampleBytree * X.nCols));
  const criterion = new SecondOrderCriterion(
    params.lambda,
    params.gamma,
    params.minChildWeight,
    params.learningRate,
  );
  const rng = createRng(params.seed);
  const grownTrees: GrownTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let bestIteration = -1;
  let bestValidationLoss = Number.POSITIVE_INFINITY;

  for (let round = 0; round < params.nEstimators; round++) {
    loss.gradients(y, weight, F, g, h);
    const nInTree = drawRows(rng, params.subsample, weight, rows, inSample);
    const features =
      nTreeFeatures < X.nCols
        ? sampleWithoutReplacement(rng, featurePool, nTreeFeatures).slice().sort()
        : allFeatures;
    const tree = growTree({
      data,
      rows: rows.subarray(0, nInTree),
      channel0: g,
      channel1: h,
      criterion,
      features,
      maxFeaturesPerNode: features.length,
      maxDepth: params.maxDepth ?? Number.POSITIVE_INFINITY,
      maxLeaves: params.maxLeaves ?? Number.POSITIVE_INFINITY,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      countRows: false,
      rng,
    });
    grownTrees.push(tree);
    updateByLeaf(tree, rows, F);
    if (nInTree < n) {
      for (let i = 0; i < n; i++) if (inSample[i] === 0) F[i] += tree.value[leafOfBinnedRow(tree, data, i)];
    }
    trainLoss.push(loss.meanLoss(y, weight, F));
    if (valData && validation) {
      for (let i = 0; i < valF.length; i++) valF[i] += tree.value[leafOfBinnedRow(tree, valData, i)];
      const current = loss.meanLoss(validation.y, valWeight, valF);
      validationLoss.push(current);
      if (current < bestValidationLoss) {
        bestValidationLoss = current;
        bestIteration = round;
      }
      options.onProgress?.(round + 1, params.nEstimators);
      if (params.earlyStoppingRounds !== null && round - bestIteration >= params.earlyStoppingRounds) break;
    } else {
      bestIteration = round;
      options.onProgress?.(round + 1, params.nEstimators);
    }
  }

  const kept = grownTrees.slice(0, bestIteration + 1);
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
      bestIteration,
      featureImportances: { gain: Array.from(gain), split: Array.from(split) },
      trainLoss,
      validationLoss,
    },
  };
}

/** Rows of this round in ascending order (cache-friendly); a Bernoulli draw when subsampling. */
function drawRows(
  rng: () => number,
  subsample: number,
  weight: Float64Array,
  rows: Int32Array,
  inSample: Uint8Array,
): number {
  let k = 0;
  for (let i = 0; i < weight.length; i++) {
    const take = weight[i] > 0 && (subsample >= 1 || rng() < subsample);
    inSample[i] = take ? 1 : 0;
    if (take) rows[k++] = i;
  }
  return k;
}

/** Prediction update per leaf: each leaf owns a contiguous range of the partitioned rows. */
function updateByLeaf(tree: GrownTree, rows: Int32Array, F: Float64Array): void {
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.left[node] !== -1) continue;
    const v = tree.value[node];
    for (let k = tree.rowStart[node]; k < tree.rowEnd[node]; k++) F[rows[k]] += v;
  }
}
