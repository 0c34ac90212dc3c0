import { BIN_STRIDE, BINS_PER_FEATURE } from './histogram.ts';

/**
 * Quantised gradients, after LightGBM's quantised training (Shi et al., NeurIPS 2022): each row's
 * g and h become small integers by unbiased stochastic rounding, packed into one double as
 * `qg · UNIT + qh`. A histogram bin then sums one number per row instead of two — one
 * read-modify-write per update, the kernel's whole cost — and the integer sums stay exact, in any
 * order. Decoding a bin's sum gives Σqg and Σqh back, scaled to gradient units.
 */
export interface GradientQuantization {
  /** g ≈ qg · gradientScale. */
  gradientScale: number;
  /** h ≈ qh · hessianScale. */
  hessianScale: number;
}

/** Weight of qg in a packed value: qh sums stay below it, so both decode exactly. */
export const QUANTIZATION_UNIT = 2 ** 26;

/** Integer levels per side at most: more than this adds no accuracy a tree can see. */
const MAX_LEVELS = 127;

/**
 * Levels for `nRows` rows: as many as keep every possible bin sum exact (|Σqg| and Σqh ≤ 2^25,
 * so Σqg · UNIT + Σqh < 2^53), at most 127; below 2 (beyond 16M rows) quantising would lose too
 * much, so it returns 0 and training stays exact.
 */
export function quantizationLevels(nRows: number): number {
  const levels = Math.min(MAX_LEVELS, Math.floor(2 ** 25 / Math.max(1, nRows)));
  return levels >= 2 ? levels : 0;
}

/**
 * Quantise `g` and `h` (indexed by row id) into `packed`: qg ∈ [−levels, levels], qh ∈ [0, levels],
 * each rounded up with probability equal to its fractional part (so Σ of decoded values is
 * unbiased). The rows are rounded in two halves with their own seeds from `seed`, so that a second
 * thread can take the second half (`startSecondHalf` starts it and returns a wait for it) and the
 * model does not depend on the thread count.
 */
export function quantizeGradients(
  g: Float64Array,
  h: Float64Array,
  levels: number,
  seed: number,
  packed: Float64Array,
  startSecondHalf: ((q: GradientQuantization, mid: number) => () => void) | null = null,
): GradientQuantization {
  let maxG = 0;
  let maxH = 0;
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i]);
    if (a > maxG) maxG = a;
    if (h[i] > maxH) maxH = h[i];
  }
  const q = { gradientScale: maxG > 0 ? maxG / levels : 1, hessianScale: maxH > 0 ? maxH / levels : 1 };
  const mid = g.length >> 1;
  const finishSecondHalf = startSecondHalf?.(q, mid);
  const rows = { g, h, levels, quantization: q, packed };
  if (!finishSecondHalf) quantizeRows({ ...rows, from: mid, to: g.length, seed: halfSeed(seed, 1) });
  quantizeRows({ ...rows, from: 0, to: mid, seed: halfSeed(seed, 0) });
  finishSecondHalf?.();
  return q;
}

/** The rounding seed of half `half` (0 or 1) of the rows. */
export function halfSeed(seed: number, half: number): number {
  return (Math.imul(seed, 0x9e3779b1) + half * 0x7f4a7c15) | 0;
}

/** Rows `[from, to)` of `g` and `h` to quantise into `packed`, with this half's rounding seed. */
export interface QuantizeRowsJob {
  g: Float64Array;
  h: Float64Array;
  from: number;
  to: number;
  levels: number;
  quantization: GradientQuantization;
  seed: number;
  packed: Float64Array;
}

/** Stochastic rounding of rows `[from, to)` (see `quantizeGradients`), packed with QUANTIZATION_UNIT. */
export function quantizeRows(job: QuantizeRowsJob): void {
  // Destructured once: the loop below reads locals only.
  const { g, h, from, to, levels, quantization, seed, packed } = job;
  const toG = 1 / quantization.gradientScale;
  const toH = 1 / quantization.hessianScale;
  const unit = QUANTIZATION_UNIT;
  // xorshift32: two draws per row in a loop this hot need an inline generator, not a closure.
  let x = (seed ^ 0x9e3779b9) | 1;
  const toUnit = 1 / 4294967296;
  for (let i = from; i < to; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const qg = Math.max(-levels, Math.min(levels, Math.floor(g[i] * toG + (x >>> 0) * toUnit)));
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const qh = Math.min(levels, Math.floor(h[i] * toH + (x >>> 0) * toUnit));
    packed[i] = qg * unit + qh;
  }
}

/** Decode a packed sum into (Σg, Σh) in gradient units. */
export function decodeQuantizedSum(sum: number, q: GradientQuantization): [number, number] {
  const G = Math.floor(sum / QUANTIZATION_UNIT);
  return [G * q.gradientScale, (sum - G * QUANTIZATION_UNIT) * q.hessianScale];
}

/** The compact sums of features `[featureFrom, featureTo)` to decode into `hist`. */
export interface DecodeSumsJob {
  sums: Float64Array;
  hist: Float64Array;
  featureFrom: number;
  featureTo: number;
  quantization: GradientQuantization;
}

/**
 * Decode the packed sums of features `[featureFrom, featureTo)` from `sums` — one number per bin,
 * feature `f` at `f * BINS_PER_FEATURE` — into the gradient and hessian channels of `hist`, and zero
 * them for the next node. The packed kernel sums into this compact layout rather than into `hist`
 * because sixteen features' sums then take 32 kB, an L1 data cache, where bins of three numbers
 * take 96 kB: the large nodes' histograms build 10–20 % faster.
 */
export function decodeQuantizedSums(job: DecodeSumsJob): void {
  // Destructured once: the loops below read locals only.
  const { sums, hist, featureFrom, featureTo } = job;
  const { gradientScale, hessianScale } = job.quantization;
  const unit = QUANTIZATION_UNIT;
  const binsPerFeature = BINS_PER_FEATURE;
  const binStride = BIN_STRIDE;
  for (let f = featureFrom; f < featureTo; f++) {
    const first = f * binsPerFeature;
    let at = first * binStride;
    for (let i = first; i < first + binsPerFeature; i++, at += binStride) {
      const sum = sums[i];
      const G = Math.floor(sum / unit);
      hist[at] = G * gradientScale;
      hist[at + 1] = (sum - G * unit) * hessianScale;
      sums[i] = 0;
    }
  }
}

/**
 * Turn the packed sums in channel 0 of `features`' histograms into (Σg, Σh) in channels 0 and 1,
 * so split search and the subtraction trick work on them unchanged: for the features the column
 * kernel built (column sampling, the last `nCols % 4` features).
 */
export function decodeQuantizedFeatures(
  hist: Float64Array,
  features: Int32Array,
  featureStride: number,
  q: GradientQuantization,
): void {
  for (let fi = 0; fi < features.length; fi++) {
    const from = features[fi] * featureStride;
    for (let i = from; i < from + featureStride; i += BIN_STRIDE) {
      const sum = hist[i];
      const G = Math.floor(sum / QUANTIZATION_UNIT);
      hist[i] = G * q.gradientScale;
      hist[i + 1] = (sum - G * QUANTIZATION_UNIT) * q.hessianScale;
    }
  }
}
