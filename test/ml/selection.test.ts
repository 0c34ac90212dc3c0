import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression } from '../../src/ml/linear/index.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { logLoss, rmse, rocAuc } from '../../src/ml/metrics/index.ts';
import { createRng } from '../../src/ml/random.ts';
import {
  expandGrid,
  gridSearch,
  groupKFold,
  groupShuffleSplit,
  orderedGroupSplit,
  permutationImportance,
} from '../../src/ml/selection/index.ts';
import { gaussian } from './linearTestData.ts';

/** 60 sessions of 1–6 pages each, ids not in order of appearance. */
function sessionIds(seed: number): Float64Array {
  const rng = createRng(seed);
  const ids: number[] = [];
  for (let s = 0; s < 60; s++) {
    const pages = 1 + Math.floor(rng() * 6);
    for (let p = 0; p < pages; p++) ids.push(1000 - 7 * s);
  }
  return Float64Array.from(ids);
}

function groupsOf(groups: Float64Array, indices: Int32Array): Set<number> {
  return new Set(Array.from(indices, (i) => groups[i]));
}

describe('group splits', () => {
  const groups = sessionIds(1);

  it('groupShuffleSplit never puts a group on both sides and covers every row once', () => {
    const { trainIndices, testIndices } = groupShuffleSplit(groups, { testFraction: 0.25, seed: 3 });
    const train = groupsOf(groups, trainIndices);
    const test = groupsOf(groups, testIndices);
    expect([...test].filter((g) => train.has(g))).toEqual([]);
    expect(test.size).toBe(15);
    expect(trainIndices.length + testIndices.length).toBe(groups.length);
    expect(groupShuffleSplit(groups, { testFraction: 0.25, seed: 3 }).testIndices).toEqual(testIndices);
    expect(groupShuffleSplit(groups, { testFraction: 0.25, seed: 4 }).testIndices).not.toEqual(testIndices);
  });

  it('orderedGroupSplit puts the groups that appear last in the test set', () => {
    const { trainIndices, testIndices } = orderedGroupSplit(groups, { testFraction: 0.2 });
    expect(Math.max(...trainIndices)).toBeLessThan(Math.min(...testIndices));
    expect(groupsOf(groups, testIndices).size).toBe(12);
    expect(() => orderedGroupSplit(Float64Array.of(1, 1), {})).toThrow(/at least 2 groups/);
  });

  it('groupKFold validates every row exactly once, never splits a group, and balances fold sizes', () => {
    const folds = groupKFold(groups, 5);
    const seen = new Int32Array(groups.length);
    for (const fold of folds) {
      for (const i of fold.validationIndices) seen[i]++;
      const validation = groupsOf(groups, fold.validationIndices);
      expect([...groupsOf(groups, fold.trainIndices)].filter((g) => validation.has(g))).toEqual([]);
    }
    expect(Array.from(seen).every((count) => count === 1)).toBe(true);
    const sizes = folds.map((f) => f.validationIndices.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(6);
    expect(() => groupKFold(Float64Array.of(1, 2), 3)).toThrow(/2 groups cannot fill 3 folds/);
  });
});

describe('gridSearch', () => {
  it('lists the grid in scikit-learn order, the last key fastest', () => {
    expect(expandGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('picks the ridge penalty that a held-out set clearly prefers', () => {
    const rng = createRng(5);
    const make = (n: number) => {
      const x = Float64Array.from({ length: n }, () => gaussian(rng));
      return { X: Matrix.fromColumns(['x'], [x]), y: x.map((v) => 3 * v + 0.1 * gaussian(rng)) };
    };
    const train = make(80);
    const validation = make(80);
    const search = gridSearch({
      makeEstimator: (params: { alpha: number }) => new LinearRegression(params),
      grid: { alpha: [1000, 0, 100] },
      X: train.X,
      y: train.y,
      validation,
      metric: rmse,
      greaterIsBetter: false,
    });
    expect(search.bestParams).toEqual({ alpha: 0 });
    expect(search.results.map((r) => r.params.alpha)).toEqual([1000, 0, 100]);
    expect(search.results[0].meanScore).toBeGreaterThan(search.results[2].meanScore);
  });

  it('cross-validates by group and scores probabilities for classifiers', () => {
    const groups = sessionIds(6);
    const rng = createRng(7);
    const x = Float64Array.from(groups, () => gaussian(rng));
    const y = x.map((v) => (rng() < 1 / (1 + Math.exp(-3 * v)) ? 1 : 0));
    const search = gridSearch({
      makeEstimator: (params: { C: number }) => new LogisticRegression(params),
      grid: { C: [1e-6, 1] },
      X: Matrix.fromColumns(['x'], [x]),
      y,
      groups,
      nFolds: 3,
      metric: (yTrue, proba) => logLoss(yTrue, proba),
      greaterIsBetter: false,
    });
    expect(search.bestParams).toEqual({ C: 1 });
    expect(search.results[0].scores).toHaveLength(3);
    expect(() =>
      gridSearch({
        makeEstimator: (params: { C: number }) => new LogisticRegression(params),
        grid: { C: [1] },
        X: Matrix.fromColumns(['x'], [x]),
        y,
        metric: rocAuc,
        greaterIsBetter: true,
      }),
    ).toThrow(/exactly one of `groups`/);
  });
});

describe('permutationImportance', () => {
  it('ranks the informative feature above noise, reproducibly for a seed', () => {
    const rng = createRng(8);
    const n = 400;
    const signal = Float64Array.from({ length: n }, () => gaussian(rng));
    const noise = Float64Array.from({ length: n }, () => gaussian(rng));
    const y = signal.map((v) => (rng() < 1 / (1 + Math.exp(-2 * v)) ? 1 : 0));
    const X = Matrix.fromColumns(['noise', 'signal'], [noise, signal]);
    const model = new LogisticRegression().fit(X, y);
    const predict = (M: Matrix) => model.predictProba(M);
    const result = permutationImportance(predict, X, y, rocAuc, { nRepeats: 4, seed: 1 });
    expect(result.importancesMean[1]).toBeGreaterThan(0.2);
    expect(Math.abs(result.importancesMean[0])).toBeLessThan(0.03);
    expect(result.importances[1]).toHaveLength(4);
    const again = permutationImportance(predict, X, y, rocAuc, { nRepeats: 4, seed: 1 });
    expect(again.importancesMean).toEqual(result.importancesMean);
    const lossBased = permutationImportance(predict, X, y, (t, p) => logLoss(t, p), {
      greaterIsBetter: false,
    });
    expect(lossBased.importancesMean[1]).toBeGreaterThan(lossBased.importancesMean[0]);
  });
});
