/** Rows per block: 2·(p+1)·128 doubles stay in L2 cache for p up to a few hundred. */
export const GRAM_BLOCK_ROWS = 128;

/** Writes design column `a` of rows start..start+m into out[offset .. offset+m). */
export type ColumnFiller = (a: number, out: Float64Array, offset: number, start: number, m: number) => void;

/**
 * Accumulates G = Σ wᵢ·zᵢ·zᵢᵀ and r = Σ wᵢ·tᵢ·zᵢ (row-major `p × p`, complete after `finish`) from
 * blocks of rows given column by column. Each entry of G is updated once per block by a dot product
 * over the block (values stay in registers) instead of once per row by a read-modify-write, several
 * times faster than the row-at-a-time outer product. Memory: p² + 2·(p+1)·block.
 *
 * @example
 * const gram = new BlockGram(p);
 * for (let start = 0; start < n; start += gram.blockRows) {
 *   gram.addColumnBlock(start, Math.min(gram.blockRows, n - start), weight, y, fillColumn);
 * }
 * const { G, r } = gram.finish();
 */
export class BlockGram {
  readonly G: Float64Array;
  readonly r: Float64Array;
  private readonly values: Float64Array;
  private readonly weighted: Float64Array;
  private readonly targets: Float64Array;

  constructor(
    readonly p: number,
    readonly blockRows = GRAM_BLOCK_ROWS,
  ) {
    this.G = new Float64Array(p * p);
    this.r = new Float64Array(p);
    this.values = new Float64Array((p + 1) * blockRows);
    this.weighted = new Float64Array((p + 1) * blockRows);
    this.targets = new Float64Array(blockRows);
  }

  /**
   * Add `m` ≤ blockRows rows given column by column, the fast path for column-major data:
   * `fillColumn(a, out, offset, start, m)` writes design column a of rows start..start+m into
   * out[offset .. offset+m). Sequential reads and writes, no per-row gather. `weights` and
   * `targets` are indexed by row (start + k).
   */
  addColumnBlock(
    start: number,
    m: number,
    weights: ArrayLike<number>,
    targets: ArrayLike<number>,
    fillColumn: ColumnFiller,
  ): void {
    if (m > this.blockRows) {
      throw new Error(`BlockGram.addColumnBlock: ${m} rows exceed the block of ${this.blockRows}.`);
    }
    const { p, blockRows, values, weighted } = this;
    for (let a = 0; a < p; a++) {
      const offset = a * blockRows;
      fillColumn(a, values, offset, start, m);
      for (let k = 0; k < m; k++) weighted[offset + k] = weights[start + k] * values[offset + k];
    }
    for (let k = 0; k < m; k++) this.targets[k] = targets[start + k];
    this.fold(m);
  }

  /**
   * Fold the block's m rows into G's lower triangle and r. Entries are computed in 2×2 tiles
   * (rows a, a+1 × columns b, b+1): four dot products share their loads, which roughly halves
   * memory traffic. The zero padding column p lets an odd p use the same loop.
   */
  private fold(m: number): void {
    const { p, blockRows: B, values, weighted, targets, G, r } = this;
    for (let a = 0; a < p; a++) {
      let rhs = 0;
      for (let k = 0; k < m; k++) rhs += weighted[a * B + k] * targets[k];
      r[a] += rhs;
    }
    for (let a0 = 0; a0 < p; a0 += 2) {
      const a1 = a0 + 1;
      const wa0 = a0 * B;
      const wa1 = a1 * B;
      for (let b0 = 0; b0 <= a0; b0 += 2) {
        const vb0 = b0 * B;
        const vb1 = vb0 + B;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let k = 0; k < m; k++) {
          const x0 = weighted[wa0 + k];
          const x1 = weighted[wa1 + k];
          const v0 = values[vb0 + k];
          const v1 = values[vb1 + k];
          s00 += x0 * v0;
          s01 += x0 * v1;
          s10 += x1 * v0;
          s11 += x1 * v1;
        }
        G[a0 * p + b0] += s00;
        if (b0 < a0) G[a0 * p + b0 + 1] += s01;
        if (a1 < p) {
          G[a1 * p + b0] += s10;
          G[a1 * p + b0 + 1] += s11;
        }
      }
    }
  }

  /** Mirror G's lower triangle onto the upper one and return the sums. */
  finish(): { G: Float64Array; r: Float64Array } {
    const { p, G } = this;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) G[b * p + a] = G[a * p + b];
    }
    return { G, r: this.r };
  }
}
