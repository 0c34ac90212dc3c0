import { checkTrainingData, type TargetKind } from '../checkInput.ts';
import type { FitOptions, ModelArtifact } from '../estimator.ts';
import { binMatrix, fitBinCuts } from '../histogram/binning.ts';
import type { Matrix } from '../matrix.ts';
import { createRng } from '../random.ts';
import { type CartCriterionName, cartCriterion, growCartTree } from './cart.ts';
import { type CartParams, checkCartParams, resolveMaxFeatures } from './cartParams.ts';
import { accumulateImportances, type FlatTree, normalise, toFlatTree } from './flatTree.ts';

export interface DecisionTreeState {
  tree: FlatTree;
  /** Impurity decrease per feature, normalised to sum 1 (scikit-learn's `feature_importances_`). */
  featureImportances: number[];
}

/** What tells a tree model's classifier and regressor twins apart, as plain data. */
export interface TreeModelSpec<K extends string, P> {
  /** The class name that error messages start with. */
  modelName: string;
  kind: K;
  /** What y must hold: 0/1 labels (classifiers) or any finite number (regressors). */
  target: TargetKind;
  defaults: P;
}

/** The fit shared by the decision tree classifier and regressor: bin, grow one CART tree, flatten. */
export function fitDecisionTree<K extends string, P extends CartParams & { criterion: CartCriterionName }>(
  { modelName: model, kind, target }: TreeModelSpec<K, P>,
  params: P,
  X: Matrix,
  y: Float64Array,
  options: FitOptions,
): ModelArtifact<K, P, DecisionTreeState> {
  checkCartParams(model, params);
  const weight = checkTrainingData(model, X, y, target, options.sampleWeight);
  const data = binMatrix(X, fitBinCuts(X, params.maxBins));
  const maxFeaturesPerNode = resolveMaxFeatures(model, params.maxFeatures, X.nCols);
  const grown = growCartTree(
    data,
    y,
    weight,
    cartCriterion(params.criterion),
    params,
    maxFeaturesPerNode,
    createRng(params.seed),
  );
  const gain = new Float64Array(X.nCols);
  accumulateImportances(grown, gain, new Float64Array(X.nCols));
  options.onProgress?.(1, 1);
  return {
    kind,
    schemaVersion: 1,
    featureNames: [...X.featureNames],
    params: { ...params },
    state: { tree: toFlatTree(grown), featureImportances: normalise(gain) },
  };
}
