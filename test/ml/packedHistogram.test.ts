import { describe, expect, it } from 'vitest';
import { GradientBoostingClassifier } from '../../src/ml/boosting/index.ts';
import { binMatrix, fitBinCuts } from '../../src/ml/histogram/binning.ts';
import { accumulateHistograms, BINS_PER_FEATURE, FEATURE_STRIDE } from '../../src/ml/histogram/histogram.ts';
import {
  accumulatePackedChannels,
  accumulatePackedHistograms,
  packBinGroups,
} from '../../src/ml/histogram/packedHistogram.ts';
import { decodeQuantizedFeatures, quantizeGradients } from '../../src/ml/histogram/quantizedGradients.ts';
import { createRng } from '../../src/ml/random.ts';
import { bitIdentical, synthetic } from './treeHelpers.ts';

describe('packed histogram kernel', () => {
  it('packs four features per word, feature 4g + j in byte j', () => {
    const { X } = synthetic(50, 3, 9);
    const data = binMatrix(X, fitBinCuts(X, 255));
    const packed = packBinGroups(data);
    expect(packed.length).toBe(2 * 50);
    for (let f = 0; f < 8; f++) {
      for (let row = 0; row < 50; row++) {
        const word = packed[Math.floor(f / 4) * 50 + row];
        expect((word >>> (8 * (f % 4))) & 255).toBe(data.bins[f][row]);
      }
    }
  });

  it('builds bit-identical histograms to the column kernel on a scattered row subset', () => {
    const { X } = synthetic(3000, 5, 27);
    const data = binMatrix(X, fitBinCuts(X, 255));
    const rng = createRng(9);
    const rows = new Int32Array(3000);
    let m = 0;
    for (let i = 0; i < 3000; i++) if (rng() < 0.3) rows[m++] = i;
    const g = Float64Array.from({ length: m }, () => rng() - 0.5);
    const h = Float64Array.from({ length: m }, () => rng() * 0.25);
    const all = Int32Array.from({ length: 27 }, (_, f) => f);
    const expected = new Float64Array(27 * FEATURE_STRIDE);
    const nodeRows = { rows, start: 0, end: m, ordered0: g, ordered1: h };
    accumulateHistograms({ ...nodeRows, hist: expected, data, features: all, countRows: false });
    const actual = new Float64Array(27 * FEATURE_STRIDE);
    const packed = packBinGroups(data);
    // Groups 0..5 in two calls (as the two threads split them: a single group, then a run of four
    // and one more), features 24..26 by the column kernel.
    const groups = { ...nodeRows, hist: actual, packed, nRows: 3000 };
    accumulatePackedHistograms({ ...groups, groupFrom: 0, groupTo: 1 });
    accumulatePackedHistograms({ ...groups, groupFrom: 1, groupTo: 6 });
    accumulateHistograms({ ...nodeRows, hist: actual, data, features: all.subarray(24), countRows: false });
    expect(bitIdentical(actual, expected)).toBe(true);
    expect(actual.some((v) => v !== 0)).toBe(true);
  });

  it('decodes quantised sums from its compact buffer exactly as the column kernel, and leaves the buffer zeroed', () => {
    const n = 4000;
    const { X } = synthetic(n, 6, 12);
    const data = binMatrix(X, fitBinCuts(X, 255));
    const packed = packBinGroups(data);
    const rng = createRng(4);
    const g = Float64Array.from({ length: n }, () => rng() - 0.5);
    const h = Float64Array.from({ length: n }, () => rng() * 0.25);
    const packedGradients = new Float64Array(n);
    const quantization = quantizeGradients(g, h, 60, 3, packedGradients);
    const quantized = { quantization, sums: new Float64Array(12 * BINS_PER_FEATURE) };
    const all = Int32Array.from({ length: 12 }, (_, f) => f);
    const zeros = new Float64Array(n);
    // Two nodes in a row through the same buffer: the second must not see the first's sums.
    for (const [start, end] of [
      [0, 2500],
      [2500, n],
    ]) {
      const rows = Int32Array.from({ length: end - start }, (_, k) => start + k);
      const ordered = packedGradients.slice(start, end);
      const expected = new Float64Array(12 * FEATURE_STRIDE);
      const nodeRows = { rows, start: 0, end: rows.length, ordered0: ordered, ordered1: zeros };
      accumulateHistograms({ ...nodeRows, hist: expected, data, features: all, countRows: false });
      decodeQuantizedFeatures(expected, all, FEATURE_STRIDE, quantization);
      const actual = new Float64Array(12 * FEATURE_STRIDE);
      const groups = { packed, nRows: n, groupFrom: 0, groupTo: 3 };
      accumulatePackedChannels({ ...nodeRows, ...groups, hist: actual, quantized });
      expect(bitIdentical(actual, expected)).toBe(true);
      expect(actual.some((v) => v !== 0)).toBe(true);
      expect(quantized.sums.every((v) => v === 0)).toBe(true);
    }
  });

  it('gives the same boosted model on two threads as on one when features are not a multiple of four', () => {
    const { X, y } = synthetic(20_000, 17, 10);
    const fitWithThreads = (nThreads: number) =>
      new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 4, nThreads }).fit(X, y).toJSON().state;
    const one = fitWithThreads(1);
    const two = fitWithThreads(2);
    expect(two.trees).toEqual(one.trees);
    expect(two.trainLoss).toEqual(one.trainLoss);
  });
});
