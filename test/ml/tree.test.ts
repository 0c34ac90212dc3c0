import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binMatrix, fitBinCuts } from '../../src/ml/histogram/index.ts';
import { TREE_PREDICTORS } from '../../src/ml/inference/trees.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../../src/ml/tree/index.ts';
import { bitIdentical, roundTrip, synthetic } from './treeHelpers.ts';

const oneColumn = (values: number[]) => Matrix.fromColumns(['x'], [Float64Array.from(values)]);

describe('DecisionTreeClassifier', () => {
  it('picks the Gini split worked out by hand', () => {
    // y = 0 0 1 0 1 1 1 over x = 1..7. Weighted Gini W·2p(1-p): parent 24/7 ≈ 3.43. Children after
    // x ≤ 2.5: {0,0} → 0 and {1,0,1,1,1} → 1.6, decrease 1.83; x ≤ 3.5: 4/3 + 1.5, decrease 0.60;
    // x ≤ 4.5: {0,0,1,0} → 4·2·¼·¾ = 1.5 and {1,1,1} → 0, decrease 1.93, the best.
    const X = oneColumn([1, 2, 3, 4, 5, 6, 7]);
    const y = Float64Array.of(0, 0, 1, 0, 1, 1, 1);
    const tree = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y).toJSON().state.tree;
    expect(tree.feature).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(4.5);
    expect(tree.value).toEqual([4 / 7, 0.25, 1]);
    expect(tree.cover).toEqual([7, 4, 3]);
  });

  it('picks the entropy split worked out by hand', () => {
    // Entropy in bits, weighted: x ≤ 4.5 leaves 4·H(¼) = 3.245 + 0; x ≤ 2.5 leaves 0 + 5·H(0.8) = 3.610;
    // x ≤ 3.5 leaves 3·H(⅓) + 4·H(¼) = 2.755 + 3.245 = 6.0. So 4.5 again, with the lowest child entropy.
    const X = oneColumn([1, 2, 3, 4, 5, 6, 7]);
    const y = Float64Array.of(0, 0, 1, 0, 1, 1, 1);
    const tree = new DecisionTreeClassifier({ maxDepth: 1, criterion: 'entropy' }).fit(X, y).toJSON()
      .state.tree;
    expect(tree.threshold[0]).toBe(4.5);
  });

  it('grows until leaves are pure and then predicts the training labels', () => {
    const X = oneColumn([1, 2, 3, 4, 5, 6, 7]);
    const y = Float64Array.of(0, 0, 1, 0, 1, 1, 1);
    const model = new DecisionTreeClassifier().fit(X, y);
    expect(Array.from(model.predict(X))).toEqual(Array.from(y));
  });

  it('respects minSamplesLeaf and maxDepth', () => {
    const { X, y } = synthetic(400, 3);
    const tree = new DecisionTreeClassifier({ minSamplesLeaf: 40, maxDepth: 3 }).fit(X, y).toJSON()
      .state.tree;
    const depth = (node: number): number =>
      tree.left[node] === -1 ? 0 : 1 + Math.max(depth(tree.left[node]), depth(tree.right[node]));
    expect(depth(0)).toBeLessThanOrEqual(3);
    tree.left.forEach((left, node) => {
      if (left === -1) expect(tree.cover[node]).toBeGreaterThanOrEqual(40);
    });
  });

  it('sends missing values left, in training and at inference', () => {
    const X = oneColumn([Number.NaN, 1, 2, 10, 11, 12]);
    const y = Float64Array.of(0, 0, 0, 1, 1, 1);
    const model = new DecisionTreeClassifier().fit(X, y);
    expect(model.toJSON().state.tree.threshold[0]).toBe(6);
    expect(Array.from(model.predictProba(oneColumn([Number.NaN, 5, 7])))).toEqual([0, 0, 1]);
  });

  it('treats an integer sample weight like repeating the row', () => {
    const { X, y } = synthetic(200, 5);
    const weight = Float64Array.from({ length: 200 }, (_, i) => 1 + (i % 3));
    const repeated: number[] = [];
    for (let i = 0; i < 200; i++) for (let r = 0; r < weight[i]; r++) repeated.push(i);
    const weighted = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y, { sampleWeight: weight }).toJSON();
    const copied = new DecisionTreeClassifier({ maxDepth: 4 })
      .fit(
        X.takeRows(repeated),
        Float64Array.from(repeated, (i) => y[i]),
      )
      .toJSON();
    expect(weighted.state.tree.threshold).toEqual(copied.state.tree.threshold);
    expect(weighted.state.tree.value).toEqual(copied.state.tree.value);
  });

  it('predicts bit-identically after a JSON round-trip of its artifact', () => {
    const { X, y } = synthetic(500, 7);
    const model = new DecisionTreeClassifier({ maxDepth: 6 }).fit(X, y);
    const predictor = TREE_PREDICTORS['decision-tree-classifier'](roundTrip(model.toJSON()));
    const viaArtifact = Float64Array.from({ length: X.nRows }, (_, i) => predictor.predictRow(X.row(i)));
    expect(bitIdentical(viaArtifact, model.predictProba(X))).toBe(true);
  });

  it('learns the same tree whatever the row order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        const { X, y } = synthetic(120, seed);
        const order = Array.from({ length: 120 }, (_, i) => (i * 53 + seed) % 120);
        const a = new DecisionTreeClassifier({ maxDepth: 5 }).fit(X, y).toJSON().state.tree;
        const b = new DecisionTreeClassifier({ maxDepth: 5 })
          .fit(
            X.takeRows(order),
            Float64Array.from(order, (i) => y[i]),
          )
          .toJSON().state.tree;
        expect(b).toEqual(a);
      }),
      { numRuns: 15 },
    );
  });

  it('refuses bad input with a sentence saying what to fix', () => {
    const X = oneColumn([1, 2, 3]);
    expect(() => new DecisionTreeClassifier().fit(X, Float64Array.of(0, 1, 2))).toThrow(/labels 0 or 1/);
    expect(() => new DecisionTreeClassifier().fit(X, Float64Array.of(0, 1))).toThrow(/2 values for 3 rows/);
    expect(() =>
      new DecisionTreeClassifier().fit(oneColumn([1, Number.POSITIVE_INFINITY, 3]), Float64Array.of(0, 1, 1)),
    ).toThrow(/row 1 is Infinity/);
    expect(() => new DecisionTreeClassifier({ minSamplesLeaf: 0 }).fit(X, Float64Array.of(0, 1, 1))).toThrow(
      /minSamplesLeaf/,
    );
    expect(() => new DecisionTreeClassifier().predict(X)).toThrow(/not fitted/);
    const typo = { maxdepth: 3 } as unknown as ConstructorParameters<typeof DecisionTreeClassifier>[0];
    expect(() => new DecisionTreeClassifier(typo).fit(X, Float64Array.of(0, 1, 1))).toThrow(
      /unknown parameter\(s\) maxdepth/,
    );
    const model = new DecisionTreeClassifier().fit(X, Float64Array.of(0, 1, 1));
    expect(() => model.predict(Matrix.fromColumns(['z'], [Float64Array.of(1)]))).toThrow(
      /first mismatch at position 0/,
    );
  });
});

describe('DecisionTreeRegressor', () => {
  it('picks the squared-error split worked out by hand', () => {
    // y = 1 1 5 7: x ≤ 2.5 leaves SSE 0 + 2; x ≤ 3.5 leaves 10.67 + 0; x ≤ 1.5 leaves 0 + 18.67.
    const X = oneColumn([1, 2, 3, 4]);
    const tree = new DecisionTreeRegressor({ maxDepth: 1 }).fit(X, Float64Array.of(1, 1, 5, 7)).toJSON()
      .state.tree;
    expect(tree.threshold[0]).toBe(2.5);
    expect(tree.value).toEqual([3.5, 1, 6]);
  });

  it('gives finite predictions inside the range of the targets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
        (ys) => {
          const X = oneColumn(ys.map((_, i) => (i * 7) % 11));
          const preds = new DecisionTreeRegressor({ maxDepth: 4 }).fit(X, Float64Array.from(ys)).predict(X);
          for (const p of preds) {
            expect(Number.isFinite(p)).toBe(true);
            expect(p).toBeGreaterThanOrEqual(Math.min(...ys) - 1e-6);
            expect(p).toBeLessThanOrEqual(Math.max(...ys) + 1e-6);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('binning', () => {
  it('gives one bin per distinct value and agrees with the real-valued thresholds', () => {
    const X = oneColumn([3, 1, 2, 2, Number.NaN, 5]);
    const cuts = fitBinCuts(X);
    expect(Array.from(cuts[0])).toEqual([1.5, 2.5, 4]);
    expect(Array.from(binMatrix(X, cuts).bins[0])).toEqual([3, 1, 2, 2, 0, 4]);
  });

  it('caps the bins at maxBins for a feature with many distinct values', () => {
    const X = oneColumn(Array.from({ length: 5000 }, (_, i) => Math.sqrt(i)));
    const binned = binMatrix(X, fitBinCuts(X, 32));
    expect(binned.nBins[0]).toBeLessThanOrEqual(32);
    expect(Math.max(...binned.bins[0])).toBe(binned.nBins[0] - 1);
  });
});
