import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../src/ml/boosting/index.ts';
import { BIN_STRIDE, FEATURE_STRIDE } from '../../src/ml/histogram/histogram.ts';
import {
  decodeQuantizedFeatures,
  decodeQuantizedSum,
  QUANTIZATION_UNIT,
  quantizationLevels,
  quantizeGradients,
} from '../../src/ml/histogram/quantizedGradients.ts';
import { rocAuc } from '../../src/ml/metrics/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { synthetic } from './treeHelpers.ts';

function gradients(n: number, seed: number) {
  const rng = createRng(seed);
  const g = Float64Array.from({ length: n }, () => rng() - 0.6);
  const h = Float64Array.from({ length: n }, () => rng() * 0.25);
  return { g, h };
}

describe('quantised gradients', () => {
  it('chooses as many levels as keep every bin sum exact, and none beyond 16M rows', () => {
    expect(quantizationLevels(1000)).toBe(127);
    expect(quantizationLevels(1_000_000)).toBe(33);
    expect(quantizationLevels(1_000_000) * 1_000_000).toBeLessThanOrEqual(2 ** 25);
    expect(quantizationLevels(20_000_000)).toBe(0);
  });

  it('packs integers in range, decodes a sum of mixed signs exactly, and rounds without bias', () => {
    const n = 20_000;
    const { g, h } = gradients(n, 3);
    const packed = new Float64Array(n);
    const levels = 33;
    const q = quantizeGradients(g, h, levels, 7, packed);
    let sum = 0;
    let trueG = 0;
    let trueH = 0;
    let qgSum = 0;
    for (let i = 0; i < n; i++) {
      const qg = Math.floor(packed[i] / QUANTIZATION_UNIT);
      const qh = packed[i] - qg * QUANTIZATION_UNIT;
      expect(Number.isInteger(qg) && qg >= -levels && qg <= levels).toBe(true);
      expect(Number.isInteger(qh) && qh >= 0 && qh <= levels).toBe(true);
      // Stochastic rounding lands on one of the two neighbours of the scaled value.
      expect(Math.abs(qg - g[i] / q.gradientScale)).toBeLessThan(1);
      expect(Math.abs(qh - h[i] / q.hessianScale)).toBeLessThan(1);
      sum += packed[i];
      trueG += g[i];
      trueH += h[i];
      qgSum += qg;
    }
    const [G, H] = decodeQuantizedSum(sum, q);
    expect(G).toBe(qgSum * q.gradientScale);
    expect(qgSum).toBeLessThan(0);
    // Unbiased: the error of a sum of n independent roundings is about √n · scale / 2.
    expect(Math.abs(G - trueG)).toBeLessThan(4 * Math.sqrt(n) * q.gradientScale * 0.5);
    expect(Math.abs(H - trueH)).toBeLessThan(4 * Math.sqrt(n) * q.hessianScale * 0.5);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const { g, h } = gradients(1000, 5);
    const a = new Float64Array(1000);
    const b = new Float64Array(1000);
    const c = new Float64Array(1000);
    quantizeGradients(g, h, 20, 1, a);
    quantizeGradients(g, h, 20, 1, b);
    quantizeGradients(g, h, 20, 2, c);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('decodes histogram bins into gradient and hessian channels', () => {
    const hist = new Float64Array(2 * FEATURE_STRIDE);
    const q = { gradientScale: 0.5, hessianScale: 0.25 };
    hist[FEATURE_STRIDE + 3 * BIN_STRIDE] = -7 * QUANTIZATION_UNIT + 12;
    hist[FEATURE_STRIDE + 4 * BIN_STRIDE] = 5 * QUANTIZATION_UNIT;
    decodeQuantizedFeatures(hist, Int32Array.of(1), FEATURE_STRIDE, q);
    expect(hist[FEATURE_STRIDE + 3 * BIN_STRIDE]).toBe(-3.5);
    expect(hist[FEATURE_STRIDE + 3 * BIN_STRIDE + 1]).toBe(3);
    expect(hist[FEATURE_STRIDE + 4 * BIN_STRIDE]).toBe(2.5);
    expect(hist[FEATURE_STRIDE + 4 * BIN_STRIDE + 1]).toBe(0);
  });
});

describe('boosting with quantizedGradients', () => {
  it('matches exact training in test AUC and still lowers the training loss every round', () => {
    const { X, y } = synthetic(30_000, 12, 12);
    const test = synthetic(10_000, 13, 12);
    const train = (quantizedGradients: boolean) =>
      new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 4, quantizedGradients }).fit(X, y);
    const exact = train(false);
    const quantized = train(true);
    const aucExact = rocAuc(test.y, exact.predictProba(test.X));
    const aucQuantized = rocAuc(test.y, quantized.predictProba(test.X));
    expect(aucExact).toBeGreaterThan(0.7);
    expect(Math.abs(aucQuantized - aucExact)).toBeLessThan(0.005);
    const curve = quantized.lossCurve.train;
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeLessThan(curve[i - 1]);
    // A different model, not the exact one under another name.
    expect(quantized.toJSON().state.trees).not.toEqual(exact.toJSON().state.trees);
  });

  it('gives the same model on one thread and on two', () => {
    const { X, y } = synthetic(25_000, 17, 13);
    const train = (nThreads: number) =>
      new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 4, nThreads, quantizedGradients: true })
        .fit(X, y)
        .toJSON().state;
    const one = train(1);
    const two = train(2);
    expect(two.trees).toEqual(one.trees);
    expect(two.trainLoss).toEqual(one.trainLoss);
  });

  it('renews leaf values from the exact gradients (a one-split tree has the exact Newton leaves)', () => {
    const { X, y } = synthetic(5000, 21);
    const learningRate = 0.5;
    const lambda = 1;
    const model = new GradientBoostingClassifier({
      nEstimators: 1,
      maxDepth: 1,
      learningRate,
      lambda,
      quantizedGradients: true,
    }).fit(X, y);
    const tree = model.toJSON().state.trees[0];
    const p0 = y.reduce((s, v) => s + v, 0) / y.length;
    let GL = 0;
    let HL = 0;
    for (let i = 0; i < X.nRows; i++) {
      const x = X.get(i, tree.feature[0]);
      if (x <= tree.threshold[0] || Number.isNaN(x)) {
        GL += p0 - y[i];
        HL += p0 * (1 - p0);
      }
    }
    expect(tree.value[1]).toBeCloseTo((-GL / (HL + lambda)) * learningRate, 10);
  });

  it('works for the Tweedie regressor and with column sampling', () => {
    const { X, y } = synthetic(8000, 25);
    const target = Float64Array.from(y, (v, i) => v * (1 + (i % 7)));
    const model = new GradientBoostingRegressor({
      loss: 'tweedie',
      nEstimators: 20,
      maxDepth: 3,
      colsampleBytree: 0.5,
      quantizedGradients: true,
    }).fit(X, target);
    const curve = model.lossCurve.train;
    expect(curve[curve.length - 1]).toBeLessThan(curve[0]);
    for (const v of model.predict(X)) expect(Number.isFinite(v) && v >= 0).toBe(true);
  });

  it('refuses a non-boolean quantizedGradients', () => {
    const { X, y } = synthetic(50, 1);
    const model = new GradientBoostingClassifier({ quantizedGradients: 'yes' as unknown as boolean });
    expect(() => model.fit(X, y)).toThrow(/quantizedGradients must be true or false/);
  });
});
