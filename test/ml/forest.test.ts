import { describe, expect, it } from 'vitest';
import { RandomForestClassifier, RandomForestRegressor } from '../../src/ml/forest/index.ts';
import { TREE_PREDICTORS } from '../../src/ml/inference/trees.ts';
import { rocAuc } from '../../src/ml/metrics/index.ts';
import { DecisionTreeClassifier } from '../../src/ml/tree/index.ts';
import { bitIdentical, roundTrip, synthetic } from './treeHelpers.ts';

describe('RandomForestClassifier', () => {
  it('is one decision tree when it has one tree, no bootstrap and every feature at each split', () => {
    const { X, y } = synthetic(300, 2);
    const forest = new RandomForestClassifier({
      nEstimators: 1,
      bootstrap: false,
      maxFeatures: 'all',
      maxDepth: 5,
    }).fit(X, y);
    const tree = new DecisionTreeClassifier({ maxDepth: 5 }).fit(X, y);
    expect(forest.toJSON().state.trees[0]).toEqual(tree.toJSON().state.tree);
    expect(bitIdentical(forest.predictProba(X), tree.predictProba(X))).toBe(true);
  });

  it('ranks held-out rows well and reports an out-of-bag AUC close to the held-out AUC', () => {
    const train = synthetic(1500, 11);
    const test = synthetic(1000, 12);
    const forest = new RandomForestClassifier({
      nEstimators: 40,
      minSamplesLeaf: 3,
      oobScore: true,
      seed: 3,
    }).fit(train.X, train.y);
    const heldOut = rocAuc(test.y, forest.predictProba(test.X));
    expect(heldOut).toBeGreaterThan(0.75);
    expect(Math.abs(forest.oobScore! - heldOut)).toBeLessThan(0.05);
  });

  it('draws a fresh bootstrap and feature subsets per tree, reproducibly from the seed', () => {
    const { X, y } = synthetic(300, 4);
    const fitWithSeed = (seed: number) =>
      new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, seed }).fit(X, y).toJSON();
    const first = fitWithSeed(1);
    expect(fitWithSeed(1)).toEqual(first);
    expect(fitWithSeed(2).state.trees).not.toEqual(first.state.trees);
    expect(first.state.trees[0]).not.toEqual(first.state.trees[1]);
  });

  it('gives probabilities in [0, 1] and the same numbers after a JSON round-trip', () => {
    const { X, y } = synthetic(400, 6);
    const forest = new RandomForestClassifier({ nEstimators: 10, seed: 9 }).fit(X, y);
    const proba = forest.predictProba(X);
    for (const p of proba) expect(p >= 0 && p <= 1).toBe(true);
    const predictor = TREE_PREDICTORS['random-forest-classifier'](roundTrip(forest.toJSON()));
    expect(
      bitIdentical(
        Float64Array.from({ length: X.nRows }, (_, i) => predictor.predictRow(X.row(i))),
        proba,
      ),
    ).toBe(true);
    const x = X.row(3);
    const { bias, contributions } = predictor.explainRow(x);
    expect(bias + contributions.reduce((s, v) => s + v, 0)).toBeCloseTo(predictor.predictRow(x), 12);
  });

  it('refuses an out-of-bag score without bootstrap', () => {
    const { X, y } = synthetic(50, 1);
    expect(() => new RandomForestClassifier({ bootstrap: false, oobScore: true }).fit(X, y)).toThrow(
      /oobScore needs bootstrap/,
    );
  });
});

describe('RandomForestRegressor', () => {
  it('fits a smooth target and reports the out-of-bag R²', () => {
    const { X, logit } = synthetic(1500, 21);
    const forest = new RandomForestRegressor({
      nEstimators: 30,
      minSamplesLeaf: 3,
      oobScore: true,
      seed: 1,
    }).fit(X, logit);
    expect(forest.oobScore!).toBeGreaterThan(0.7);
    const importances = forest.featureImportances;
    expect(importances[0]).toBeGreaterThan(importances[5]);
    expect(importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});
