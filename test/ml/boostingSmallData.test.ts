import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../src/ml/boosting/index.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { logLoss, r2 } from '../../src/ml/metrics/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { gaussian } from './linearTestData.ts';
import { synthetic } from './treeHelpers.ts';

/**
 * Friedman's regression problem #1 (Friedman 1991; scikit-learn's make_friedman1): ten uniform
 * features, five of them used, y = 10·sin(π·x0·x1) + 20·(x2 − ½)² + 10·x3 + 5·x4 + N(0, noise²).
 */
function friedman1(nRows: number, seed: number, noise: number) {
  const rng = createRng(seed);
  const names = Array.from({ length: 10 }, (_, j) => `x${j}`);
  const columns = names.map(() => new Float64Array(nRows));
  const y = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (const column of columns) column[i] = rng();
    const x = (j: number) => columns[j][i];
    y[i] = 10 * Math.sin(Math.PI * x(0) * x(1)) + 20 * (x(2) - 0.5) ** 2 + 10 * x(3) + 5 * x(4);
    y[i] += noise * gaussian(rng);
  }
  return { X: Matrix.fromColumns(names, columns), y };
}

/** Mean held-out score over k folds (rows i with i % k === fold held out). */
function crossValidated(
  X: Matrix,
  y: Float64Array,
  k: number,
  score: (train: { X: Matrix; y: Float64Array }, test: { X: Matrix; y: Float64Array }) => number,
): number {
  let total = 0;
  for (let fold = 0; fold < k; fold++) {
    const part = (held: boolean) => {
      const rows = Array.from({ length: X.nRows }, (_, i) => i).filter((i) => (i % k === fold) === held);
      return { X: X.takeRows(rows), y: Float64Array.from(rows, (i) => y[i]) };
    };
    total += score(part(false), part(true));
  }
  return total / k;
}

describe('GradientBoosting minSamplesLeaf', () => {
  it('never leaves fewer than minSamplesLeaf rows in a leaf (exact for unweighted squared error)', () => {
    const { X, y } = friedman1(300, 3, 1);
    for (const minSamplesLeaf of [5, 20, 40]) {
      const { trees } = new GradientBoostingRegressor({ nEstimators: 20, maxDepth: 6, minSamplesLeaf })
        .fit(X, y)
        .toJSON().state;
      for (const tree of trees) {
        // Leaf cover is the hessian sum: one per row for squared error without weights.
        const leafRows = tree.cover.filter((_, node) => tree.feature[node] === -1);
        expect(Math.min(...leafRows)).toBeGreaterThanOrEqual(minSamplesLeaf);
      }
      expect(trees.some((tree) => tree.feature.length > 1)).toBe(true);
    }
  });

  it('holds log-loss leaves to about minSamplesLeaf rows, counted from the hessian', () => {
    const { X, y } = synthetic(400, 8);
    const model = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 6, minSamplesLeaf: 30 });
    const { trees } = model.fit(X, y).toJSON().state;
    const nodeRows = (tree: (typeof trees)[number], node: number) =>
      (tree.cover[node] / tree.cover[0]) * X.nRows;
    for (const tree of trees) {
      for (let node = 0; node < tree.feature.length; node++) {
        if (tree.feature[node] === -1) expect(nodeRows(tree, node)).toBeGreaterThan(30 * 0.5);
      }
    }
  });

  it('refuses a minSamplesLeaf below 1 or fractional', () => {
    const { X, y } = friedman1(50, 1, 1);
    expect(() => new GradientBoostingRegressor({ minSamplesLeaf: 0 }).fit(X, y)).toThrow(/minSamplesLeaf/);
    expect(() => new GradientBoostingRegressor({ minSamplesLeaf: 2.5 }).fit(X, y)).toThrow(/minSamplesLeaf/);
  });
});

describe('GradientBoosting defaults on small tables', () => {
  it('generalise better than one-row leaves on a 442-row regression table (Friedman #1)', () => {
    const { X, y } = friedman1(442, 17, 3);
    const heldOutR2 = (params: object) =>
      crossValidated(X, y, 5, (train, test) =>
        r2(test.y, new GradientBoostingRegressor(params).fit(train.X, train.y).predict(test.X)),
      );
    const defaults = heldOutR2({});
    const oneRowLeaves = heldOutR2({ minSamplesLeaf: 1 });
    expect(defaults).toBeGreaterThan(oneRowLeaves + 0.01);
    expect(defaults).toBeGreaterThan(0.5); // noise of sd 3 caps R² near 0.73
  });

  it('generalise at least as well as one-row leaves on a 400-row classification table', () => {
    const { X, y } = synthetic(400, 23);
    const heldOutLogLoss = (params: object) =>
      crossValidated(X, y, 5, (train, test) =>
        logLoss(test.y, new GradientBoostingClassifier(params).fit(train.X, train.y).predictProba(test.X)),
      );
    expect(heldOutLogLoss({})).toBeLessThan(heldOutLogLoss({ minSamplesLeaf: 1 }));
  });
});
