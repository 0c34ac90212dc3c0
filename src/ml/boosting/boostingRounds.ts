import type { BinnedMatrix } from '../histogram/binning.ts';
import type { HistogramWorkers } from '../histogram/histogramWorkers.ts';
import { quantizationLevels, quantizeGradients } from '../histogram/quantizedGradients.ts';
import { createRng, sampleWithoutReplacement } from '../random.ts';
import { leafOfBinnedRow } from '../tree/flatTree.ts';
import { createGrowWorkspace, type GrownTree, growTree } from '../tree/grower.ts';
import type { BoostingParams } from './boostingParams.ts';
import type { BoostingLoss } from './losses.ts';
import { SecondOrderCriterion } from './secondOrderCriterion.ts';

export interface ValidationSet {
  data: BinnedMatrix;
  y: Float64Array;
  weight: Float64Array;
}

export interface BoostingRoundsInput {
  params: BoostingParams;
  loss: BoostingLoss;
  data: BinnedMatrix;
  y: Float64Array;
  weight: Float64Array;
  baseScore: number;
  validation: ValidationSet | null;
  workers: HistogramWorkers | null;
  /** Packed bin groups for the fast histogram kernel (null with column sampling). */
  packed: Uint32Array | null;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The boosting loop: each round computes g and h, grows a tree on their histograms with the shared
 * grower (second-order gain), and adds the leaf values to the training predictions leaf by leaf —
 * training rows are never walked down the tree, except those a row subsample left out; validation
 * rows are walked on their bins. Stops early when the validation loss has not improved for
 * `earlyStoppingRounds` rounds.
 */
export function runBoostingRounds(input: BoostingRoundsInput) {
  const { params, loss, data, y, weight, validation, workers } = input;
  const n = data.nRows;
  // With a worker, the per-row state lives in its shared memory so both threads compute gradients.
  const F = (workers ? workers.scores : new Float64Array(n)).fill(input.baseScore);
  if (workers) {
    workers.targets.set(y);
    workers.weights.set(weight);
  }
  const validationF = new Float64Array(validation ? validation.data.nRows : 0).fill(input.baseScore);
  const g = workers ? workers.gradients : new Float64Array(n);
  const h = workers ? workers.hessians : new Float64Array(n);
  const rows = workers ? workers.rows : new Int32Array(n);
  const workspace = createGrowWorkspace(n, workers);
  const inSample = new Uint8Array(n);
  const leafOf = new Int32Array(n);
  const allFeatures = Int32Array.from({ length: data.nCols }, (_, f) => f);
  const featurePool = allFeatures.slice();
  const nTreeFeatures = Math.max(1, Math.round(params.colsampleBytree * data.nCols));
  const criterion = new SecondOrderCriterion(
    params.lambda,
    params.gamma,
    params.minChildWeight,
    params.learningRate,
  );
  const rng = createRng(params.seed);
  // Without row subsampling every round takes the same rows (those with weight > 0): draw them once.
  const everyRound =
    params.subsample >= 1 ? rows.slice(0, drawRows(rng, params.subsample, weight, rows, inSample)) : null;
  // Quantised training: channel 0 carries the packed integers (see quantizedGradients.ts).
  const levels = params.quantizedGradients ? quantizationLevels(n) : 0;
  const packedGradients = levels > 0 ? (workers ? workers.quantizedGradients : new Float64Array(n)) : null;
  const trees: GrownTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let bestIteration = -1;
  let bestValidationLoss = Number.POSITIVE_INFINITY;

  for (let round = 0; round < params.nEstimators; round++) {
    // The loss at F is the previous round's training loss: computed with the gradients, in one pass.
    const lossOfPreviousRound = workers
      ? workers.gradientsAndLoss(loss)
      : loss.gradientsAndLoss(y, weight, F, g, h);
    if (round > 0) trainLoss.push(lossOfPreviousRound);
    let nInTree: number;
    if (everyRound) {
      rows.set(everyRound); // the previous tree's partitions reordered them
      nInTree = everyRound.length;
    } else nInTree = drawRows(rng, params.subsample, weight, rows, inSample);
    const features =
      nTreeFeatures < data.nCols
        ? sampleWithoutReplacement(rng, featurePool, nTreeFeatures).slice().sort()
        : allFeatures;
    const roundSeed = (params.seed * 1_000_003 + round) | 0;
    const quantization = packedGradients
      ? quantizeGradients(
          g,
          h,
          levels,
          roundSeed,
          packedGradients,
          workers ? (q, mid) => workers.quantizeSecondHalf(q, mid, levels, roundSeed) : null,
        )
      : null;
    const tree = growTree({
      data,
      rows: rows.subarray(0, nInTree),
      channel0: packedGradients ?? g,
      channel1: h, // not read when quantised
      quantization,
      criterion,
      features,
      maxFeaturesPerNode: features.length,
      maxDepth: params.maxDepth ?? Number.POSITIVE_INFINITY,
      maxLeaves: params.maxLeaves ?? Number.POSITIVE_INFINITY,
      minSamplesSplit: 2,
      minSamplesLeaf: params.minSamplesLeaf,
      countRows: false,
      rng,
      workers,
      packed: input.packed,
      workspace,
    });
    assignLeaves(tree, rows, nInTree, leafOf);
    if (quantization) renewLeaves(tree, leafOf, g, h, criterion);
    trees.push(tree);
    updateByLeaf(tree, leafOf, F);
    if (nInTree < n) {
      for (let i = 0; i < n; i++) if (inSample[i] === 0) F[i] += tree.value[leafOfBinnedRow(tree, data, i)];
    }
    input.onProgress?.(round + 1, params.nEstimators);
    if (!validation) {
      bestIteration = round;
      continue;
    }
    for (let i = 0; i < validationF.length; i++)
      validationF[i] += tree.value[leafOfBinnedRow(tree, validation.data, i)];
    const current = loss.meanLoss(validation.y, validation.weight, validationF);
    validationLoss.push(current);
    if (current < bestValidationLoss) {
      bestValidationLoss = current;
      bestIteration = round;
    }
    if (params.earlyStoppingRounds !== null && round - bestIteration >= params.earlyStoppingRounds) break;
  }
  if (trainLoss.length < trees.length) trainLoss.push(loss.meanLoss(y, weight, F));
  return { trees, bestIteration, trainLoss, validationLoss };
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

/**
 * `leafOf[row]` = the leaf of `tree` holding the row (−1 for rows the tree did not take): each leaf
 * owns a contiguous range of the partitioned rows. One scattered write per row; the passes that
 * use it then run in row order.
 */
function assignLeaves(tree: GrownTree, rows: Int32Array, nInTree: number, leafOf: Int32Array): void {
  if (nInTree < leafOf.length) leafOf.fill(-1);
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.left[node] !== -1) continue;
    for (let k = tree.rowStart[node]; k < tree.rowEnd[node]; k++) leafOf[rows[k]] = node;
  }
}

/** Prediction update: every row the tree took moves by its leaf's value. */
function updateByLeaf(tree: GrownTree, leafOf: Int32Array, F: Float64Array): void {
  const value = tree.value;
  for (let i = 0; i < F.length; i++) {
    const leaf = leafOf[i];
    if (leaf >= 0) F[i] += value[leaf];
  }
}

/** Leaf values and covers from the exact gradients, after a tree was grown on quantised ones. */
function renewLeaves(
  tree: GrownTree,
  leafOf: Int32Array,
  g: Float64Array,
  h: Float64Array,
  criterion: SecondOrderCriterion,
): void {
  const G = new Float64Array(tree.feature.length);
  const H = new Float64Array(tree.feature.length);
  for (let i = 0; i < g.length; i++) {
    const leaf = leafOf[i];
    if (leaf < 0) continue;
    G[leaf] += g[i];
    H[leaf] += h[i];
  }
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.left[node] !== -1) continue;
    tree.value[node] = criterion.nodeValue(G[node], H[node]);
    tree.cover[node] = criterion.cover(G[node], H[node]);
  }
}
