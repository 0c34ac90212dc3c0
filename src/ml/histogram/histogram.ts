import type { BinnedMatrix } from './binning.ts';

/** Three numbers per bin: channel 0, channel 1 and the row count. */
export const BIN_STRIDE = 3;
/** Bins a feature's histogram has room for (at most 255 used, bin 0 for missing values). */
export const BINS_PER_FEATURE = 256;
/** Room for 256 bins per feature, so feature `f` starts at `f * FEATURE_STRIDE`. */
export const FEATURE_STRIDE = BINS_PER_FEATURE * BIN_STRIDE;

/**
 * One node's rows, `rows[start..end)`, with their two channels in node order (`ordered0[k]` belongs
 * to `rows[k]`, LightGBM's "ordered gradients": the grower partitions them together with the row
 * ids) so the hot loops read them sequentially; only the bins are gathered.
 */
export interface NodeRows {
  rows: Int32Array;
  start: number;
  end: number;
  ordered0: Float64Array;
  ordered1: Float64Array;
}

/** What the column kernel adds up: the node's rows into the histograms of `features`. */
export interface ColumnHistogramJob extends NodeRows {
  hist: Float64Array;
  data: BinnedMatrix;
  features: Int32Array;
  /** Also count the rows in each bin (trees need them; boosting bounds children by hessian). */
  countRows: boolean;
}

/**
 * Add the node's rows to the histograms of `features` (the column kernel). Four features share one
 * pass over the rows (one load of row id and channels for four updates). Counting rows costs a
 * third more, so boosting (which bounds children by hessian) skips it.
 *
 * @example
 * accumulateHistograms({ hist, data, features, rows, start: 0, end: rows.length, ordered0: g, ordered1: h, countRows: false });
 */
export function accumulateHistograms(job: ColumnHistogramJob): void {
  // Destructured once: the loops below read locals only.
  const { hist, data, features, rows, start, end, ordered0, ordered1, countRows } = job;
  const nf = features.length;
  let fi = 0;
  for (; fi + 3 < nf; fi += 4) {
    const c0 = data.bins[features[fi]];
    const c1 = data.bins[features[fi + 1]];
    const c2 = data.bins[features[fi + 2]];
    const c3 = data.bins[features[fi + 3]];
    const b0 = features[fi] * FEATURE_STRIDE;
    const b1 = features[fi + 1] * FEATURE_STRIDE;
    const b2 = features[fi + 2] * FEATURE_STRIDE;
    const b3 = features[fi + 3] * FEATURE_STRIDE;
    if (countRows) {
      for (let k = start; k < end; k++) {
        const row = rows[k];
        const v0 = ordered0[k];
        const v1 = ordered1[k];
        let at = b0 + c0[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        hist[at + 2] += 1;
        at = b1 + c1[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        hist[at + 2] += 1;
        at = b2 + c2[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        hist[at + 2] += 1;
        at = b3 + c3[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        hist[at + 2] += 1;
      }
    } else {
      for (let k = start; k < end; k++) {
        const row = rows[k];
        const v0 = ordered0[k];
        const v1 = ordered1[k];
        let at = b0 + c0[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        at = b1 + c1[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        at = b2 + c2[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
        at = b3 + c3[row] * BIN_STRIDE;
        hist[at] += v0;
        hist[at + 1] += v1;
      }
    }
  }
  for (; fi < nf; fi++) {
    const column = data.bins[features[fi]];
    const base = features[fi] * FEATURE_STRIDE;
    const increment = countRows ? 1 : 0;
    for (let k = start; k < end; k++) {
      const at = base + column[rows[k]] * BIN_STRIDE;
      hist[at] += ordered0[k];
      hist[at + 1] += ordered1[k];
      hist[at + 2] += increment;
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

/**
 * A free list of histogram buffers: nodes borrow one and give it back zeroed. With an `arena`
 * (shared memory a worker thread can write), new buffers come from it while it has room.
 */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(
    private readonly nCols: number,
    private readonly arena: HistogramArena | null = null,
  ) {}

  take(): Float64Array {
    return this.free.pop() ?? this.arena?.allocate() ?? new Float64Array(this.nCols * FEATURE_STRIDE);
  }

  give(hist: Float64Array, data: BinnedMatrix, features: Int32Array): void {
    clearHistograms(hist, data, features);
    this.free.push(hist);
  }
}

/** Fixed room for `slots` histograms in one SharedArrayBuffer. */
export class HistogramArena {
  readonly buffer: SharedArrayBuffer;
  private used = 0;

  constructor(
    readonly nCols: number,
    readonly slots: number,
  ) {
    this.buffer = new SharedArrayBuffer(slots * nCols * FEATURE_STRIDE * Float64Array.BYTES_PER_ELEMENT);
  }

  /** Hand out slots from the start again (every earlier slot was given back zeroed). */
  reset(): void {
    this.used = 0;
  }

  /** A zeroed histogram in shared memory, or null when the arena is full. */
  allocate(): Float64Array | null {
    if (this.used === this.slots) return null;
    const size = this.nCols * FEATURE_STRIDE;
    return new Float64Array(this.buffer, this.used++ * size * Float64Array.BYTES_PER_ELEMENT, size);
  }
}
