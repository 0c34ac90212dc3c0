import { Matrix } from '../matrix.ts';

/** Means and scales of the columns, and which columns count as constant (see `finish`). */
export interface Standardisation {
  means: Float64Array;
  scales: Float64Array;
  /** 1 where the column is constant or its spread is rounding noise; its coefficient must be 0. */
  constant: Uint8Array;
}

/**
 * Weighted means and standard deviations, accumulated one row at a time (Welford's update, stable
 * for large offsets such as timestamps). A column that is constant over the weighted rows, or whose
 * spread is only rounding noise (0.3 beside 0.1 + 0.2), gets scale 1 and is marked constant, so the
 * solvers see exact zeros (`snapConstantColumns`) and pin its coefficient to 0 instead of dividing by
 * a scale of 1e-17 and predicting 1e13 at a nearby value.
 */
export class StandardisationAccumulator {
  private totalWeight = 0;
  private rows = 0;
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

  /**
   * Add every row of `columns` (one array per feature, all of one length) with `weights[i]`: the
   * same Welford updates as adding the rows one at a time, bit for bit, but each row's share w / Σw is computed
   * once for all columns and every column is read sequentially (no per-row gather of p values).
   */
  addColumns(columns: readonly Float64Array[], weights: Float64Array): void {
    const n = weights.length;
    const share = new Float64Array(n);
    let total = this.totalWeight;
    for (let i = 0; i < n; i++) {
      if (weights[i] <= 0) continue;
      this.rows++;
      total += weights[i];
      share[i] = weights[i] / total;
    }
    const { mean, m2, min, max } = this;
    for (let j = 0; j < this.size; j++) {
      const column = columns[j];
      let mu = mean[j];
      let sumSquares = m2[j];
      let low = min[j];
      let high = max[j];
      for (let i = 0; i < n; i++) {
        const weight = weights[i];
        if (weight <= 0) continue;
        const v = column[i];
        const delta = v - mu;
        mu += share[i] * delta;
        sumSquares += weight * delta * (v - mu);
        if (v < low) low = v;
        if (v > high) high = v;
      }
      mean[j] = mu;
      m2[j] = sumSquares;
      min[j] = low;
      max[j] = high;
    }
    this.totalWeight = total;
  }

  /**
   * Add m rows given column-major (`values[j * stride + k]` is column j of row start + k), with
   * `weights[start + k]`. Same result as adding the rows one at a time.
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
        if (j === 0) this.rows++;
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

  /**
   * Means and scales; `scale: false` keeps every scale at 1 (centre only). A column is constant when
   * its variance is within what rounding explains, scikit-learn's StandardScaler rule
   * (`_is_constant_feature`): var ≤ n·ε·var + (n·|mean|·ε)², ε the double precision. A variance that
   * overflows (|x| beyond ~1e154) is an error naming the column.
   */
  finish({
    scale,
    model,
    columnName,
  }: {
    scale: boolean;
    model: string;
    columnName: (j: number) => string;
  }): Standardisation {
    const means = new Float64Array(this.size);
    const scales = new Float64Array(this.size).fill(1);
    const constant = new Uint8Array(this.size);
    const n = this.rows;
    const eps = Number.EPSILON;
    for (let j = 0; j < this.size; j++) {
      const variance = this.m2[j] / this.totalWeight;
      if (!Number.isFinite(variance)) {
        const largest = Math.max(Math.abs(this.min[j]), Math.abs(this.max[j]));
        throw new Error(
          `${model}.fit: column "${columnName(j)}" has values up to ${largest.toExponential(2)} in magnitude, ` +
            'too large for its variance to fit in a double (|x| > ~1e154). Rescale the column (e.g. take its log ' +
            'or divide by a power of ten) or drop it.',
        );
      }
      if (this.min[j] === this.max[j]) {
        means[j] = this.min[j];
        constant[j] = 1;
        continue;
      }
      means[j] = this.mean[j];
      if (variance <= n * eps * variance + (n * Math.abs(means[j]) * eps) ** 2) {
        constant[j] = 1;
        continue;
      }
      if (scale) scales[j] = Math.sqrt(variance);
    }
    return { means, scales, constant };
  }
}

/**
 * X with every column marked constant replaced by its mean, exactly: the training code then sees
 * standardised values of exactly 0 for it (a 0 Gram diagonal, a 0 gradient), so its coefficient is
 * 0 and a value off the constant at prediction time changes nothing. Returns X itself when no
 * column needs it.
 */
export function snapConstantColumns(X: Matrix, { means, constant }: Standardisation): Matrix {
  if (!X.columns.some((column, j) => constant[j] === 1 && column.some((v) => v !== means[j]))) return X;
  return new Matrix(
    X.featureNames,
    X.columns.map((column, j) =>
      constant[j] === 1 ? new Float64Array(column.length).fill(means[j]) : column,
    ),
  );
}
