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
