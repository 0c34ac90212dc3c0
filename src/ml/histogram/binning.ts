import type { Matrix } from '../matrix.ts';
import { sortFloat64 } from './radixSort.ts';

/** Bin 0 holds missing values (NaN); it always sits left of every split, as in inference. */
export const MISSING_BIN = 0;
/** At most 255 bins per feature (1 missing + 254 value bins), so a bin fits a byte. */
export const MAX_BINS = 255;
/** Rows looked at to place the quantile cuts (LightGBM samples 200k; sorting dominates the cost). */
const CUT_SAMPLE_ROWS = 100_000;

/**
 * Features quantised once into byte-sized bins, column-major: `bins[f][row]` (views of one
 * SharedArrayBuffer, readable by a histogram worker thread). Value bins are
 * `1..nBins[f]-1`; a value `x` falls in bin `1 + #{cuts[f] < x}`, so "bin ≤ b" is exactly
 * "x ≤ cuts[f][b-1]" — the real-valued threshold inference uses, with no bins at serving time.
 */
export interface BinnedMatrix {
  nRows: number;
  nCols: number;
  bins: Uint8Array[];
  /** Strictly increasing cut points per feature; `cuts[f].length + 2 === nBins[f]`. */
  cuts: Float64Array[];
  nBins: Int32Array;
}

/**
 * Quantile cut points per feature. A feature with at most `maxBins - 1` distinct values gets one bin
 * per value (splits are then exact); otherwise cuts sit at quantiles of a deterministic row sample.
 * Cuts are midpoints between neighbouring distinct values, as LightGBM and scikit-learn place them.
 *
 * @example
 * const cuts = fitBinCuts(X, 255);
 * const binned = binMatrix(X, cuts);
 */
export function fitBinCuts(X: Matrix, maxBins: number = MAX_BINS): Float64Array[] {
  if (!Number.isInteger(maxBins) || maxBins < 3 || maxBins > MAX_BINS) {
    throw new Error(
      `maxBins must be an integer in [3, ${MAX_BINS}] (one bin is kept for missing values); got ${maxBins}.`,
    );
  }
  const valueBins = maxBins - 1;
  const stride = Math.max(1, X.nRows / CUT_SAMPLE_ROWS);
  return X.columns.map((column, f) => {
    const sample = new Float64Array(Math.min(X.nRows, CUT_SAMPLE_ROWS));
    let m = 0;
    for (let i = 0; i < sample.length; i++) {
      const x = column[Math.floor(i * stride)];
      if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) {
        throw new Error(
          `Feature "${X.featureNames[f]}" holds ${x}; trees accept finite numbers or NaN (missing). Clip or replace it.`,
        );
      }
      if (!Number.isNaN(x)) sample[m++] = x;
    }
    const values = sample.subarray(0, m);
    // Few distinct values (counts, codes): sort just those, not the whole sample; same cuts.
    const distinct = distinctValuesUpTo(values, valueBins);
    return cutsOfSorted(distinct ?? sortFloat64(values), valueBins);
  });
}

/** The sorted distinct values of `values` when there are at most `limit`, else null (early exit). */
function distinctValuesUpTo(values: Float64Array, limit: number): Float64Array | null {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (seen.has(x)) continue;
    if (seen.size === limit) return null;
    seen.add(x);
  }
  // A Set keeps one zero (SameValueZero); the sort would have put −0 first, and either gives equal cuts.
  return Float64Array.from(seen).sort();
}

function cutsOfSorted(sorted: Float64Array, valueBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const cuts: number[] = [];
  if (distinct.length <= valueBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(midpoint(distinct[i], distinct[i + 1]));
    return Float64Array.from(cuts);
  }
  for (let q = 1; q < valueBins; q++) {
    const upper = sorted[Math.ceil((q * sorted.length) / valueBins) - 1];
    const next = sorted[upperBound(sorted, upper)];
    if (next === undefined) break;
    const cut = midpoint(upper, next);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  return Float64Array.from(cuts);
}

/** A cut strictly between a < b that rounds to neither side (falls back to `a`: x ≤ a goes left). */
function midpoint(a: number, b: number): number {
  const mid = a / 2 + b / 2;
  return mid >= b || mid < a ? a : mid;
}

/** First index whose value is greater than `x`. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quantise `X` with cuts fitted on the training data (also used for validation rows). */
export function binMatrix(X: Matrix, cuts: readonly Float64Array[]): BinnedMatrix {
  if (cuts.length !== X.nCols) {
    throw new Error(`binMatrix: ${X.nCols} columns but cuts for ${cuts.length} features.`);
  }
  // One shared buffer for all columns, so a histogram worker thread can read the bins in place.
  const shared = new SharedArrayBuffer(X.nRows * X.nCols);
  const bins = X.columns.map((column, f) =>
    binColumn(column, cuts[f], new Uint8Array(shared, f * X.nRows, X.nRows)),
  );
  const nBins = Int32Array.from(cuts, (c) => c.length + 2);
  return { nRows: X.nRows, nCols: X.nCols, bins, cuts: cuts.slice(), nBins };
}

function binColumn(column: Float64Array, cuts: Float64Array, out: Uint8Array): Uint8Array {
  // Branch-free binary search over cuts padded with +Infinity to a power of two: `position` ends
  // as the number of cuts strictly below x, with no unpredictable branches on random values.
  let size = 1;
  while (size < cuts.length + 1) size *= 2;
  const padded = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  padded.set(cuts);
  for (let i = 0; i < column.length; i++) {
    const x = column[i];
    if (Number.isNaN(x)) {
      out[i] = MISSING_BIN;
      continue;
    }
    let position = 0;
    // `step & -(a < b)` rather than `a < b ? step : 0`: V8 compiles the ternary to a branch.
    for (let step = size >> 1; step > 0; step >>= 1)
      position += step & -Number(padded[position + step - 1] < x);
    out[i] = position + 1;
  }
  return out;
}
