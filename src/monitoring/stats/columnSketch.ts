import { binIndex, type ColumnReference } from '../../registry/reference.ts';

/** Windows up to this many values keep them exactly (sorted at the end), so small reports are exact. */
export const EXACT_VALUES = 20_000;
/** Sub-bins per reference percentile piece: window quantiles and W/std within 1/32 of a piece. */
const SUB_BINS = 32;
/** Tail bins on each side, each 1/8 of the reference scale wide: 32 scales, then one open bin. */
const TAIL_BINS = 256;
const TAIL_WIDTH = 1 / 8;

/**
 * Fixed-size state of one column over a streamed window: count, sum, PSI bin counts (exact), and
 * the values themselves up to {@link EXACT_VALUES}; beyond that, a fine histogram (count and sum per
 * bin) whose edges are the reference percentiles cut into {@link SUB_BINS} pieces plus tail bins. Each
 * bin stands for its values by their mean (`atoms`), which keeps the sum exact and moves any value by
 * less than its bin's width.
 *
 * @example
 * const sketch = new ColumnSketch(reference, psiBins(reference).cuts, referenceScale(reference), null);
 * for (const v of values) sketch.add(v);
 */
export class ColumnSketch {
  count = 0;
  sum = 0;
  readonly psiCounts: Float64Array;
  /** Categorical columns: counts per reference category, a last slot for any other value. */
  readonly categoryCounts: Float64Array | null;
  private readonly categoryIndex: Map<number, number> | null;
  private exact: number[] | null = [];
  private readonly edges: Float64Array;
  private readonly binCounts: Float64Array;
  private readonly binSums: Float64Array;

  constructor(
    reference: ColumnReference,
    private readonly psiCuts: readonly number[],
    scale: number,
    categories: readonly number[] | null,
  ) {
    this.psiCounts = new Float64Array(psiCuts.length + 1);
    this.categoryCounts = categories ? new Float64Array(categories.length + 1) : null;
    this.categoryIndex = categories ? new Map(categories.map((value, i) => [value, i])) : null;
    this.edges = histogramEdges(reference.quantiles, scale);
    this.binCounts = new Float64Array(this.edges.length + 1);
    this.binSums = new Float64Array(this.edges.length + 1);
  }

  /** One present value (callers skip NaN: missing values are data quality, not drift). */
  add(v: number): void {
    this.count++;
    this.sum += v;
    this.psiCounts[binIndex(this.psiCuts, v)]++;
    if (this.categoryCounts && this.categoryIndex) {
      this.categoryCounts[this.categoryIndex.get(v) ?? this.categoryCounts.length - 1]++;
    }
    const b = binIndex(this.edges, v);
    this.binCounts[b]++;
    this.binSums[b] += v;
    if (this.exact) {
      if (this.exact.length < EXACT_VALUES) this.exact.push(v);
      else this.exact = null; // from here on the histogram speaks for the window
    }
  }

  /** Sorted values with their weights: every value (weight 1) while exact, else one atom per bin. */
  atoms(): { values: Float64Array; weights: Float64Array | null } {
    if (this.exact) return { values: Float64Array.from(this.exact).sort(), weights: null };
    let used = 0;
    for (let b = 0; b < this.binCounts.length; b++) if (this.binCounts[b] > 0) used++;
    const values = new Float64Array(used);
    const weights = new Float64Array(used);
    let k = 0;
    for (let b = 0; b < this.binCounts.length; b++) {
      if (this.binCounts[b] === 0) continue;
      values[k] = this.binSums[b] / this.binCounts[b];
      weights[k++] = this.binCounts[b];
    }
    return { values, weights };
  }
}

/** Distinct reference percentiles cut in sub-bins, with tail bins of `TAIL_WIDTH · scale` either side. */
function histogramEdges(quantiles: readonly number[], scale: number): Float64Array {
  const points = [...new Set(quantiles)].sort((a, b) => a - b);
  if (points.length === 0) return new Float64Array(0);
  const edges: number[] = [];
  const lo = points[0];
  const hi = points[points.length - 1];
  for (let t = TAIL_BINS; t >= 1; t--) edges.push(lo - t * TAIL_WIDTH * scale);
  for (let p = 0; p < points.length; p++) {
    if (p > 0) {
      const step = (points[p] - points[p - 1]) / SUB_BINS;
      for (let s = 1; s < SUB_BINS; s++) edges.push(points[p - 1] + s * step);
    }
    edges.push(points[p]);
  }
  for (let t = 1; t <= TAIL_BINS; t++) edges.push(hi + t * TAIL_WIDTH * scale);
  return Float64Array.from(edges);
}

/** Linear-interpolated quantile (numpy's "linear") of sorted atoms with weights (null: all 1). */
export function quantileWeighted(values: Float64Array, weights: Float64Array | null, q: number): number {
  if (values.length === 0) return Number.NaN;
  let total = values.length;
  if (weights) {
    total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
  }
  const pos = q * (total - 1);
  const lo = Math.floor(pos);
  const at = (rank: number) => {
    if (!weights) return values[Math.min(rank, values.length - 1)];
    let cum = 0;
    for (let i = 0; i < values.length; i++) {
      cum += weights[i];
      if (cum > rank) return values[i];
    }
    return values[values.length - 1];
  };
  const a = at(lo);
  const b = at(Math.min(lo + 1, total - 1));
  return a + (b - a) * (pos - lo);
}
