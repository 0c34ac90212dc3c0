import type { BinnedMatrix } from './binning.ts';

/** Three numbers per bin: channel 0, channel 1 and the row count. */
export const BIN_STRIDE = 3;
/** Room for 256 bins per feature, so feature `f` starts at `f * FEATURE_STRIDE`. */
export const FEATURE_STRIDE = 256 * BIN_STRIDE;

/**
 * Add the rows `rows[start..end)` to the histograms of `features`. The caller gathers the rows'
 * channels into node order first (`ordered0[k]` belongs to `rows[start + k]`, LightGBM's "ordered
 * gradients") so the hot loop reads them sequentially; only the byte-sized bins are gathered.
 */
export function accumulateHistograms(
  hist: Float64Array,
  data: BinnedMatrix,
  features: Int32Array,
  rows: Int32Array,
  start: number,
  end: number,
  ordered0: Float64Array,
  ordered1: Float64Array,
): void {
  const m = end - start;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const column = data.bins[f];
    const base = f * FEATURE_STRIDE;
    for (let k = 0; k < m; k++) {
      const at = base + column[rows[start + k]] * BIN_STRIDE;
      hist[at] += ordered0[k];
      hist[at + 1] += ordered1[k];
      hist[at + 2] += 1;
    }
  }
}

/** The histogram subtraction trick: `parent -= child` leaves the sibling's histogram in `parent`. */
export function subtractHistograms(
  parent: Float64Array,
  child: Float64Array,
  data: BinnedMatrix,
  features: Int32Array,
): void {
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    const from = f * FEATURE_STRIDE;
    const to = from + data.nBins[f] * BIN_STRIDE;
    for (let i = from; i < to; i++) parent[i] -= child[i];
  }
}

/** Zero the used part of a histogram so its buffer can be reused. */
export function clearHistograms(hist: Float64Array, data: BinnedMatrix, features: Int32Array): void {
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi];
    hist.fill(0, f * FEATURE_STRIDE, f * FEATURE_STRIDE + data.nBins[f] * BIN_STRIDE);
  }
}

/** A free list of histogram buffers: nodes borrow one and give it back zeroed. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(private readonly nCols: number) {}

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.nCols * FEATURE_STRIDE);
  }

  give(hist: Float64Array, data: BinnedMatrix, features: Int32Array): void {
    clearHistograms(hist, data, features);
    this.free.push(hist);
  }
}
