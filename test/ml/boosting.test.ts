import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../src/ml/boosting/index.ts';
import { fitBinCuts } from '../../src/ml/histogram/index.ts';
import { TREE_PREDICTORS } from '../../src/ml/inference/trees.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';
import { bitIdentical, roundTrip, synthetic } from './treeHelpers.ts';

describe('GradientBoostingClassifier', () => {
  it('drives the training log loss down at every round', () => {
    const { X, y } = synthetic(800, 31);
    const curve = new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 3 }).fit(X, y).lossCurve.train;
    expect(curve).toHaveLength(40);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThanOrEqual(curve[i - 1] + 1e-12);
    expect(curve[39]).toBeLessThan(curve[0] - 0.05);
  });

  it('chooses the root split a brute-force search over every bin boundary chooses', () => {
    const { X, y } = synthetic(300, 41);
    const lambda = 2;
    const learningRate = 0.3;
    const model = new GradientBoostingClassifier({
      nEstimators: 1,
      maxDepth: 1,
      lambda,
      learningRate,
      minChildWeight: 0.5,
    });
    const tree = model.fit(X, y).toJSON().state.trees[0];
    // Gradients at the base score p0 = mean(y): g = p0 − y, h = p0(1 − p0).
    const p0 = y.reduce((s, v) => s + v, 0) / y.length;
    const g = Array.from(y, (v) => p0 - v);
    const h = p0 * (1 - p0);
    const G = g.reduce((s, v) => s + v, 0);
    const H = h * y.length;
    let best = { gain: 0, feature: -1, threshold: 0, GL: 0, HL: 0 };
    fitBinCuts(X).forEach((cuts, f) => {
      for (const threshold of cuts) {
        let GL = 0;
        let HL = 0;
        for (let i = 0; i < X.nRows; i++) {
          const x = X.get(i, f);
          if (x <= threshold || Number.isNaN(x)) {
            GL += g[i];
            HL += h;
          }
        }
        const GR = G - GL;
        const HR = H - HL;
        if (HL < 0.5 || HR < 0.5) continue;
        const gain = 0.5 * ((GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - (G * G) / (H + lambda));
        if (gain > best.gain + 1e-12) best = { gain, feature: f, threshold, GL, HL };
      }
    });
    expect(tree.feature[0]).toBe(best.feature);
    expect(tree.threshold[0]).toBe(best.threshold);
    expect(tree.value[1]).toBeCloseTo((-best.GL / (best.HL + lambda)) * learningRate, 12);
  });

  it('stops early once the validation loss stops improving, keeping the best round', () => {
    const train = synthetic(600, 51);
    const noise = createRng(5);
    const yRandom = Float64Array.from(train.y, () => (noise() < 0.5 ? 1 : 0));
    const validation = synthetic(400, 52);
    const model = new GradientBoostingClassifier({
      nEstimators: 300,
      maxDepth: 4,
      earlyStoppingRounds: 5,
      learningRate: 0.3,
    }).fit(train.X, yRandom, { validation: { X: validation.X, y: validation.y } });
    const { validation: curve } = model.lossCurve;
    expect(curve.length).toBeLessThan(300);
    expect(curve.length).toBe(model.bestIteration + 1 + 5);
    expect(model.toJSON().state.trees).toHaveLength(model.bestIteration + 1);
    expect(Math.min(...curve)).toBe(curve[model.bestIteration]);
  });

  it('gives the same model for the same seed with row and column subsampling', () => {
    const { X, y } = synthetic(400, 61);
    const fitWithSeed = (seed: number) =>
      new GradientBoostingClassifier({ nEstimators: 10, subsample: 0.7, colsampleBytree: 0.5, seed })
        .fit(X, y)
        .toJSON();
    expect(fitWithSeed(7)).toEqual(fitWithSeed(7));
    expect(fitWithSeed(8).state.trees).not.toEqual(fitWithSeed(7).state.trees);
  });

  it('builds the same model on two threads as on one (20k rows switch the worker on)', () => {
    const { X, y } = synthetic(20_000, 111, 8);
    const fitWithThreads = (nThreads: number) =>
      new GradientBoostingClassifier({ nEstimators: 8, maxDepth: 5, nThreads }).fit(X, y).toJSON().state;
    const one = fitWithThreads(1);
    const two = fitWithThreads(2);
    expect(two.trees).toEqual(one.trees);
    expect(two.trainLoss).toEqual(one.trainLoss);
  });

  it('predicts bit-identically after a JSON round-trip, and explains each row additively', () => {
    const { X, y } = synthetic(500, 71);
    const model = new GradientBoostingClassifier({
      nEstimators: 30,
      maxLeaves: 8,
      maxDepth: null,
      subsample: 0.8,
    }).fit(X, y);
    const proba = model.predictProba(X);
    const predictor = TREE_PREDICTORS['gradient-boosting-classifier'](roundTrip(model.toJSON()));
    const again = Float64Array.from({ length: X.nRows }, (_, i) => predictor.predictRow(X.row(i)));
    expect(bitIdentical(again, proba)).toBe(true);
    for (const p of proba) expect(p > 0 && p < 1).toBe(true);
    const x = X.row(10);
    const { bias, contributions } = predictor.explainRow(x);
    const logOdds = Math.log(proba[10] / (1 - proba[10]));
    expect(bias + contributions.reduce((s, v) => s + v, 0)).toBeCloseTo(logOdds, 9);
  });

  it('grows at most maxLeaves leaves per tree when growing leaf-wise', () => {
    const { X, y } = synthetic(600, 81);
    const trees = new GradientBoostingClassifier({ nEstimators: 5, maxLeaves: 6, maxDepth: null })
      .fit(X, y)
      .toJSON().state.trees;
    for (const tree of trees) expect(tree.left.filter((l) => l === -1).length).toBeLessThanOrEqual(6);
  });

  it('ranks the informative features first by gain', () => {
    const { X, y } = synthetic(1000, 91);
    const model = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3 }).fit(X, y);
    const gain = model.featureImportances('gain');
    expect(gain.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(gain[0]).toBeGreaterThan(gain[5]);
    expect(model.featureImportances('split').every((v) => Number.isInteger(v))).toBe(true);
  });
});

describe('GradientBoostingRegressor', () => {
  it('learns a known multiplicative structure with the Tweedie loss on a zero-inflated target', () => {
    const rng = createRng(3);
    const n = 8000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng() < 0.5 ? 1 : 0;
      b[i] = rng() < 0.5 ? 1 : 0;
      const mean = Math.exp(0.5 + 0.8 * a[i] - 0.6 * b[i]);
      // Half zeros; the rest gamma(4) (a mean of four exponentials), lifted so that E[y] = mean.
      let gamma4 = 0;
      for (let k = 0; k < 4; k++) gamma4 -= Math.log(1 - rng()) / 4;
      y[i] = rng() < 0.5 ? 0 : (gamma4 * mean) / 0.5;
    }
    const X = Matrix.fromColumns(['a', 'b'], [a, b]);
    const model = new GradientBoostingRegressor({ loss: 'tweedie', nEstimators: 200, maxDepth: 2 }).fit(X, y);
    const grid = Matrix.fromRows(
      ['a', 'b'],
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    );
    const [p00, p10, p01, p11] = model.predict(grid);
    // Sampling noise of a cell's log mean is about 0.03 here; 0.1 leaves room for it, not for a wrong link.
    expect(Math.abs(Math.log(p10 / p00) - 0.8)).toBeLessThan(0.1);
    expect(Math.abs(Math.log(p01 / p00) + 0.6)).toBeLessThan(0.1);
    expect(Math.abs(Math.log(p11 / p00) - 0.2)).toBeLessThan(0.1);
    expect(Math.abs(Math.log(p00) - 0.5)).toBeLessThan(0.1);
    for (const p of model.predict(X)) expect(p > 0 && Number.isFinite(p)).toBe(true);
  });

  it('balances the Tweedie total on request: Σ predictions = Σ targets, by one constant shift of the log score', () => {
    const rng = createRng(11);
    const n = 6000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = rng();
      // Rare, heavy-tailed amounts (log-normal, sd 1.5) whose rate grows with x: like session revenue.
      const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      y[i] = rng() < 0.05 + 0.2 * x[i] ? Math.exp(3 + 1.5 * normal) : 0;
    }
    const X = Matrix.fromColumns(['x'], [x]);
    const params = { loss: 'tweedie' as const, nEstimators: 60, maxDepth: 3, learningRate: 0.1 };
    const plain = new GradientBoostingRegressor(params).fit(X, y);
    const balanced = new GradientBoostingRegressor({ ...params, balanceCorrection: true }).fit(X, y);
    const sum = (values: Float64Array) => values.reduce((total, v) => total + v, 0);
    const observed = sum(y);
    const plainPredictions = plain.predict(X);
    const balancedPredictions = balanced.predict(X);
    // Without the correction the weighted Tweedie fit runs low on the total; with it the total is exact.
    expect(sum(plainPredictions) / observed).toBeLessThan(0.98);
    expect(sum(balancedPredictions) / observed).toBeCloseTo(1, 9);
    const shift = Math.log(balancedPredictions[0] / plainPredictions[0]);
    for (let i = 0; i < n; i++)
      expect(Math.log(balancedPredictions[i] / plainPredictions[i])).toBeCloseTo(shift, 9);
    const restored = TREE_PREDICTORS['gradient-boosting-regressor'](roundTrip(balanced.toJSON()));
    const restoredPredictions = Float64Array.from(x, (value) => restored.predictRow(Float64Array.of(value)));
    expect(bitIdentical(restoredPredictions, balancedPredictions)).toBe(true);
  });

  it('fits squared error with the mean as base score and refuses negative Tweedie targets', () => {
    const { X, logit } = synthetic(600, 101);
    const model = new GradientBoostingRegressor({ nEstimators: 50, maxDepth: 3 }).fit(X, logit);
    const mean = logit.reduce((s, v) => s + v, 0) / logit.length;
    expect(model.toJSON().state.baseScore).toBeCloseTo(mean, 12);
    const curve = model.lossCurve.train;
    expect(curve[49]).toBeLessThan(curve[0] / 2);
    expect(() => new GradientBoostingRegressor({ loss: 'tweedie' }).fit(X, logit)).toThrow(
      /non-negative targets/,
    );
  });
});
