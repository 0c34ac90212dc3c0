import type { BinnedMatrix } from './binning.ts';
import { BIN_STRIDE, BINS_PER_FEATURE, FEATURE_STRIDE, type NodeRows } from './histogram.ts';
import { decodeQuantizedSums, type GradientQuantization } from './quantizedGradients.ts';

/** Features per packed word: four byte-sized bins in one Uint32. */
export const FEATURES_PER_GROUP = 4;

/**
 * Bins of four consecutive features packed into one Uint32 per row, group-major:
 * `packed[g * nRows + row]` holds the bins of features `4g..4g+3` (byte `j` = feature `4g + j`).
 * One load then serves four histogram updates instead of four byte loads from four columns, which
 * makes the histogram kernel about 1.9× faster (XGBoost and LightGBM read row-wise "bin rows" for
 * the same reason). Only whole groups are packed; the last `nCols % 4` features stay column-only.
 * Lives in a SharedArrayBuffer so a histogram worker thread reads it in place.
 *
 * @example
 * const packed = packBinGroups(binMatrix(X, cuts));
 * // feature 5 of row 7: (packed[1 * nRows + 7] >>> 8) & 255
 */
export function packBinGroups(data: BinnedMatrix): Uint32Array {
  const n = data.nRows;
  const groups = Math.floor(data.nCols / FEATURES_PER_GROUP);
  const packed = new Uint32Array(new SharedArrayBuffer(Math.max(1, groups * n) * 4));
  for (let g = 0; g < groups; g++) {
    const c0 = data.bins[4 * g];
    const c1 = data.bins[4 * g + 1];
    const c2 = data.bins[4 * g + 2];
    const c3 = data.bins[4 * g + 3];
    const offset = g * n;
    for (let i = 0; i < n; i++)
      packed[offset + i] = (c0[i] | (c1[i] << 8) | (c2[i] << 16) | (c3[i] << 24)) >>> 0;
  }
  return packed;
}

/** The packed groups `[groupFrom, groupTo)` of `packBinGroups`'s words (`nRows` words a group). */
export interface PackedGroups {
  packed: Uint32Array;
  nRows: number;
  groupFrom: number;
  groupTo: number;
}

/** The packed kernel's job: the node's rows into the histograms of the groups' features. */
export interface PackedHistogramJob extends NodeRows, PackedGroups {
  hist: Float64Array;
}

/**
 * Add the node's rows to the histograms of the features of packed groups `[groupFrom, groupTo)`,
 * channels in node order as for `accumulateHistograms` (no row counts). Four groups (sixteen
 * features) share one pass over the rows, then pairs, then a single group. Each bin sums the same
 * values in the same order as the column kernel, so both give bit-identical histograms.
 *
 * @example
 * accumulatePackedHistograms({ hist, packed, nRows, groupFrom: 0, groupTo: groups, rows, start, end, ordered0: g, ordered1: h });
 */
export function accumulatePackedHistograms(job: PackedHistogramJob): void {
  // Destructured once: the loops below read locals only.
  const { hist, packed, nRows, groupFrom, groupTo, rows, start, end, ordered0, ordered1 } = job;
  const S = BIN_STRIDE;
  const F = FEATURE_STRIDE;
  let g = groupFrom;
  for (; g + 3 < groupTo; g += 4) {
    const offA = g * nRows;
    const offB = offA + nRows;
    const offC = offB + nRows;
    const offD = offC + nRows;
    const b0 = 4 * g * F;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const wa = packed[offA + row];
      const wb = packed[offB + row];
      const wc = packed[offC + row];
      const wd = packed[offD + row];
      const v0 = ordered0[k];
      const v1 = ordered1[k];
      let at = b0 + (wa & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + F + ((wa >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 2 * F + ((wa >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 3 * F + (wa >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 4 * F + (wb & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 5 * F + ((wb >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 6 * F + ((wb >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 7 * F + (wb >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 8 * F + (wc & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 9 * F + ((wc >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 10 * F + ((wc >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 11 * F + (wc >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 12 * F + (wd & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 13 * F + ((wd >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 14 * F + ((wd >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b0 + 15 * F + (wd >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
    }
  }
  for (; g + 1 < groupTo; g += 2) {
    const offA = g * nRows;
    const offB = offA + nRows;
    const b0 = 4 * g * F;
    const b1 = b0 + F;
    const b2 = b1 + F;
    const b3 = b2 + F;
    const b4 = b3 + F;
    const b5 = b4 + F;
    const b6 = b5 + F;
    const b7 = b6 + F;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const wa = packed[offA + row];
      const wb = packed[offB + row];
      const v0 = ordered0[k];
      const v1 = ordered1[k];
      let at = b0 + (wa & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b1 + ((wa >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b2 + ((wa >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b3 + (wa >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b4 + (wb & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b5 + ((wb >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b6 + ((wb >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b7 + (wb >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
    }
  }
  if (g < groupTo) {
    const off = g * nRows;
    const b0 = 4 * g * F;
    const b1 = b0 + F;
    const b2 = b1 + F;
    const b3 = b2 + F;
    for (let k = start; k < end; k++) {
      const w = packed[off + rows[k]];
      const v0 = ordered0[k];
      const v1 = ordered1[k];
      let at = b0 + (w & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b1 + ((w >>> 8) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b2 + ((w >>> 16) & 255) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
      at = b3 + (w >>> 24) * S;
      hist[at] += v0;
      hist[at + 1] += v1;
    }
  }
}

/** The quantised packed kernel's job: one channel, summed into the compact `sums` layout. */
export interface PackedSumsJob extends Omit<NodeRows, 'ordered1'>, PackedGroups {
  /** One number per bin, feature `f` at `f * BINS_PER_FEATURE` (see `decodeQuantizedSums`). */
  sums: Float64Array;
}

/**
 * The packed kernel for quantised gradients (`quantizedGradients.ts`): one packed value per row
 * (channel 0), so one read-modify-write per (row, feature) instead of two, into the compact sums
 * (one number per bin), decoded afterwards by `decodeQuantizedSums`.
 */
export function accumulatePackedSums(job: PackedSumsJob): void {
  // Destructured once: the loops below read locals only.
  const { sums, packed, nRows, groupFrom, groupTo, rows, start, end, ordered0: ordered } = job;
  // One number per bin: feature f's bin b at f * BINS_PER_FEATURE + b.
  const F = BINS_PER_FEATURE;
  let g = groupFrom;
  for (; g + 3 < groupTo; g += 4) {
    const offA = g * nRows;
    const offB = offA + nRows;
    const offC = offB + nRows;
    const offD = offC + nRows;
    const b0 = 4 * g * F;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const wa = packed[offA + row];
      const wb = packed[offB + row];
      const wc = packed[offC + row];
      const wd = packed[offD + row];
      const v = ordered[k];
      sums[b0 + (wa & 255)] += v;
      sums[b0 + F + ((wa >>> 8) & 255)] += v;
      sums[b0 + 2 * F + ((wa >>> 16) & 255)] += v;
      sums[b0 + 3 * F + (wa >>> 24)] += v;
      sums[b0 + 4 * F + (wb & 255)] += v;
      sums[b0 + 5 * F + ((wb >>> 8) & 255)] += v;
      sums[b0 + 6 * F + ((wb >>> 16) & 255)] += v;
      sums[b0 + 7 * F + (wb >>> 24)] += v;
      sums[b0 + 8 * F + (wc & 255)] += v;
      sums[b0 + 9 * F + ((wc >>> 8) & 255)] += v;
      sums[b0 + 10 * F + ((wc >>> 16) & 255)] += v;
      sums[b0 + 11 * F + (wc >>> 24)] += v;
      sums[b0 + 12 * F + (wd & 255)] += v;
      sums[b0 + 13 * F + ((wd >>> 8) & 255)] += v;
      sums[b0 + 14 * F + ((wd >>> 16) & 255)] += v;
      sums[b0 + 15 * F + (wd >>> 24)] += v;
    }
  }
  for (; g + 1 < groupTo; g += 2) {
    const offA = g * nRows;
    const offB = offA + nRows;
    const b0 = 4 * g * F;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      const wa = packed[offA + row];
      const wb = packed[offB + row];
      const v = ordered[k];
      sums[b0 + (wa & 255)] += v;
      sums[b0 + F + ((wa >>> 8) & 255)] += v;
      sums[b0 + 2 * F + ((wa >>> 16) & 255)] += v;
      sums[b0 + 3 * F + (wa >>> 24)] += v;
      sums[b0 + 4 * F + (wb & 255)] += v;
      sums[b0 + 5 * F + ((wb >>> 8) & 255)] += v;
      sums[b0 + 6 * F + ((wb >>> 16) & 255)] += v;
      sums[b0 + 7 * F + (wb >>> 24)] += v;
    }
  }
  if (g < groupTo) {
    const off = g * nRows;
    const b0 = 4 * g * F;
    for (let k = start; k < end; k++) {
      const w = packed[off + rows[k]];
      const v = ordered[k];
      sums[b0 + (w & 255)] += v;
      sums[b0 + F + ((w >>> 8) & 255)] += v;
      sums[b0 + 2 * F + ((w >>> 16) & 255)] += v;
      sums[b0 + 3 * F + (w >>> 24)] += v;
    }
  }
}

/** A thread's compact sums for the quantised packed kernel (see `decodeQuantizedSums`). */
export interface QuantizedSums {
  quantization: GradientQuantization;
  /** `nCols * BINS_PER_FEATURE` zeros between uses. */
  sums: Float64Array;
}

/**
 * The packed kernel for the node-ordered channels at hand (main thread): with quantised gradients,
 * the one-channel kernel into the compact sums, decoded into `hist` at once; the two-channel
 * kernel otherwise.
 */
export function accumulatePackedChannels(
  job: PackedHistogramJob & { quantized: QuantizedSums | null },
): void {
  const { quantized } = job;
  if (quantized === null) {
    accumulatePackedHistograms(job);
    return;
  }
  const { sums, quantization } = quantized;
  accumulatePackedSums({ ...job, sums });
  decodeQuantizedSums({
    sums,
    hist: job.hist,
    featureFrom: job.groupFrom * FEATURES_PER_GROUP,
    featureTo: job.groupTo * FEATURES_PER_GROUP,
    quantization,
  });
}
