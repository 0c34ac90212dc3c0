import { checkTrainingData } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import { binMatrix, fitBinCuts } from '../histogram/binning.ts';
import type { Matrix } from '../matrix.ts';
import { createRng, randomIndex } from '../random.ts';
import { type CartCriterionName, cartCriterion, growCartTree } from '../tree/cart.ts';
import { resolveMaxFeatures } from '../tree/cartParams.ts';
import type { TreeModelSpec } from '../tree/fitDecisionTree.ts';
import {
  accumulateImportances,
  type FlatTree,
  leafOfBinnedRow,
  normalise,
  toFlatTree,
} from '../tree/flatTree.ts';
import { checkForestParams, type ForestParams } from './forestParams.ts';

export interface ForestState {
  trees: FlatTree[];
  /** Mean impurity decrease per feature over the trees, normalised to sum 1. */
  featureImportances: number[];
  /** Out-of-bag score (ROC AUC for classifiers, R² for regressors); null when not computed. */
  oobScore: number | null;
}

/** Out-of-bag score of the rows that were out of bag at least once (weights included). */
export type OobScorer = (yTrue: Float64Array, yPred: Float64Array, weight: Float64Array) => number;

/** A tree model's spec plus the forest's out-of-bag metric (ROC AUC, R²). */
export interface ForestModelSpec<K extends string, P> extends TreeModelSpec<K, P> {
  oobScorer: OobScorer;
}

/**
 * The fit shared by both random forests: features are binned once for all trees; each tree gets a
 * bootstrap drawn as integer weights (rows drawn 0 times are out of bag) and looks at a fresh random
 * feature subset at every split. Trees come from the same CART grower as a single decision tree.
 */
export function fitForest<K extends string, P extends ForestParams & { criterion: CartCriterionName }>(
  { modelName: model, kind, target, oobScorer }: ForestModelSpec<K, P>,
  params: P,
  X: Matrix,
  y: Float64Array,
  options: FitOptions,
): ModelArtifact<K, P, ForestState> {
  checkForestParams(model, params);
  const weight = checkTrainingData(model, X, y, target, options.sampleWeight);
  const data = binMatrix(X, fitBinCuts(X, params.maxBins));
  const maxFeaturesPerNode = resolveMaxFeatures(model, params.maxFeatures, X.nCols);
  const criterion = cartCriterion(params.criterion);
  const rng = createRng(params.seed);
  const n = X.nRows;
  const treeWeight = new Float64Array(n);
  const oobSum = new Float64Array(n);
  const oobCount = new Int32Array(n);
  const gain = new Float64Array(X.nCols);
  const splits = new Float64Array(X.nCols);
  const trees: FlatTree[] = [];
  for (let t = 0; t < params.nEstimators; t++) {
    if (params.bootstrap) {
      treeWeight.fill(0);
      for (let draw = 0; draw < n; draw++) treeWeight[randomIndex(rng, n)] += 1;
      for (let i = 0; i < n; i++) treeWeight[i] *= weight[i];
    } else {
      treeWeight.set(weight);
    }
    const grown = growCartTree(data, y, treeWeight, criterion, params, maxFeaturesPerNode, rng);
    accumulateImportances(grown, gain, splits);
    if (params.oobScore) {
      for (let i = 0; i < n; i++) {
        if (treeWeight[i] > 0 || weight[i] === 0) continue;
        oobSum[i] += grown.value[leafOfBinnedRow(grown, data, i)];
        oobCount[i]++;
      }
    }
    trees.push(toFlatTree(grown));
    options.onProgress?.(t + 1, params.nEstimators);
  }
  return {
    kind,
    schemaVersion: 1,
    featureNames: [...X.featureNames],
    params: { ...params },
    state: {
      trees,
      featureImportances: normalise(gain),
      oobScore: params.oobScore ? scoreOutOfBag(model, y, weight, oobSum, oobCount, oobScorer) : null,
    },
  };
}

function scoreOutOfBag(
  model: string,
  y: Float64Array,
  weight: Float64Array,
  oobSum: Float64Array,
  oobCount: Int32Array,
  oobScorer: OobScorer,
): number | null {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (oobCount[i] > 0) m++;
  if (m === 0) {
    throw new Error(`${model}: no row was ever out of bag; use more trees or set oobScore: false.`);
  }
  const yTrue = new Float64Array(m);
  const yPred = new Float64Array(m);
  const w = new Float64Array(m);
  for (let i = 0, k = 0; i < y.length; i++) {
    if (oobCount[i] === 0) continue;
    yTrue[k] = y[i];
    yPred[k] = oobSum[i] / oobCount[i];
    w[k++] = weight[i];
  }
  // R² of a constant target or AUC of one class is undefined (NaN), which JSON cannot hold: null.
  const score = oobScorer(yTrue, yPred, w);
  return Number.isNaN(score) ? null : score;
}
