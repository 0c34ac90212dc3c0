/**
 * A dense numeric matrix with named columns, stored column-major (one Float64Array per column):
 * the layout of Arrow tables and of histogram binning. Row access for linear algebra goes through
 * `rowMajor()` once, never through per-row objects.
 *
 * @example
 * const X = Matrix.fromColumns(['a', 'b'], [Float64Array.of(1, 2), Float64Array.of(3, 4)]);
 * X.get(1, 0); // 2
 */
export class Matrix {
  readonly nRows: number;
  readonly nCols: number;

  constructor(
    readonly featureNames: readonly string[],
    readonly columns: readonly Float64Array[],
  ) {
    if (featureNames.length !== columns.length) {
      throw new Error(
        `Matrix: ${featureNames.length} feature names for ${columns.length} columns; give one name per column.`,
      );
    }
    this.nCols = columns.length;
    this.nRows = columns.length === 0 ? 0 : columns[0].length;
    for (let j = 0; j < columns.length; j++) {
      if (columns[j].length !== this.nRows) {
        throw new Error(
          `Matrix: column "${featureNames[j]}" has ${columns[j].length} rows, expected ${this.nRows}.`,
        );
      }
    }
  }

  static fromColumns(names: readonly string[], columns: readonly Float64Array[]): Matrix {
    return new Matrix(names, columns);
  }

  /** Build from row-major data (`rows × names.length`). */
  static fromRowMajor(names: readonly string[], data: ArrayLike<number>, nRows: number): Matrix {
    const nCols = names.length;
    if (data.length !== nRows * nCols) {
      throw new Error(`Matrix.fromRowMajor: ${data.length} values is not ${nRows} rows × ${nCols} columns.`);
    }
    const columns = names.map(() => new Float64Array(nRows));
    for (let i = 0; i < nRows; i++) {
      for (let j = 0; j < nCols; j++) columns[j][i] = data[i * nCols + j];
    }
    return new Matrix(names, columns);
  }

  /** Build from an array of rows (tests and small inputs only). */
  static fromRows(names: readonly string[], rows: readonly ArrayLike<number>[]): Matrix {
    const flat = new Float64Array(rows.length * names.length);
    rows.forEach((row, i) => {
      if (row.length !== names.length) {
        throw new Error(`Matrix.fromRows: row ${i} has ${row.length} values, expected ${names.length}.`);
      }
      flat.set(row as ArrayLike<number>, i * names.length);
    });
    return Matrix.fromRowMajor(names, flat, rows.length);
  }

  get(row: number, col: number): number {
    return this.columns[col][row];
  }

  /** Copy row `i` into `out` (allocated when absent). */
  row(i: number, out: Float64Array = new Float64Array(this.nCols)): Float64Array {
    for (let j = 0; j < this.nCols; j++) out[j] = this.columns[j][i];
    return out;
  }

  /** All values row-major (`nRows × nCols`). */
  rowMajor(): Float64Array {
    const out = new Float64Array(this.nRows * this.nCols);
    for (let j = 0; j < this.nCols; j++) {
      const col = this.columns[j];
      for (let i = 0; i < this.nRows; i++) out[i * this.nCols + j] = col[i];
    }
    return out;
  }

  /** The rows at `indices`, in that order. */
  takeRows(indices: ArrayLike<number>): Matrix {
    const columns = this.columns.map((col) => {
      const out = new Float64Array(indices.length);
      for (let k = 0; k < indices.length; k++) out[k] = col[indices[k]];
      return out;
    });
    return new Matrix(this.featureNames, columns);
  }

  /** The columns named, in that order; fails loudly on an unknown name. */
  selectColumns(names: readonly string[]): Matrix {
    const columns = names.map((name) => {
      const j = this.featureNames.indexOf(name);
      if (j < 0) throw new Error(`Matrix.selectColumns: no column "${name}".`);
      return this.columns[j];
    });
    return new Matrix(names, columns);
  }
}
