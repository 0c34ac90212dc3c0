/**
 * Weighted means and standard deviations, accumulated one row at a time (Welford's update, stable
 * for large offsets such as timestamps). A column that is constant over the weighted rows gets
 * mean = that exact value and scale 1, so its standardised values are exactly 0 and the solvers can
 * pin its coefficient to 0 instead of failing on a singular matrix.
 */
export class StandardisationAccumulator {
  private totalWeight = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;

  constructor(readonly size: number) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
    this.min = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  }

  add(values: ArrayLike<number>, weight: number): void {
    if (weight <= 0) return;
    this.totalWeight += weight;
    const share = weight / this.totalWeight;
    for (let j = 0; j < this.size; j++) {
      const v = values[j];
      const delta = v - this.mean[j];
      this.mean[j] += share * delta;
      this.m2[j] += weight * delta * (v - this.mean[j]);
      if (v < this.min[j]) this.min[j] = v;
      if (v > this.max[j]) this.max[j] = v;
    }
  }

  /**
   * Add m rows given column-major (`values[j * stride + k]` is column j of row start + k), with
   * `weights[start + k]`. Same result as m calls of `add`.
   */
  addColumnBlock(
    values: Float64Array,
    stride: number,
    m: number,
    weights: ArrayLike<number>,
    start: number,
  ): void {
    const before = this.totalWeight;
    let after = before;
    for (let j = 0; j < this.size; j++) {
      let total = before;
      let mean = this.mean[j];
      let m2 = this.m2[j];
      let min = this.min[j];
      let max = this.max[j];
      for (let k = 0; k < m; k++) {
        const weight = weights[start + k];
        if (weight <= 0) continue;
        const v = values[j * stride + k];
        total += weight;
        const delta = v - mean;
        mean += (weight / total) * delta;
        m2 += weight * delta * (v - mean);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      this.mean[j] = mean;
      this.m2[j] = m2;
      this.min[j] = min;
      this.max[j] = max;
      after = total;
    }
    this.totalWeight = after;
  }

  /** Means and scales; `scale: false` keeps every scale at 1 (centre only). */
  finish(scale: boolean): { means: Float64Array; scales: Float64Array } {
    const means = new Float64Array(this.size);
    const scales = new Float64Array(this.size).fill(1);
    for (let j = 0; j < this.size; j++) {
      if (this.min[j] === this.max[j]) {
        means[j] = this.min[j];
        continue;
      }
      means[j] = this.mean[j];
      const std = Math.sqrt(this.m2[j] / this.totalWeight);
      if (scale && std > 0) scales[j] = std;
    }
    return { means, scales };
  }
}
