import type { PackedTerms } from '../inference/linearScore.ts';
import type { Matrix } from '../matrix.ts';

/**
 * The polynomial design matrix, one block of rows at a time and column by column: standardised
 * inputs, then each term as the product of its factor columns. Training streams these blocks into
 * the Gram matrix, so the n × terms matrix never exists. The last block is cached, because the
 * solver asks for its columns one by one.
 */
export class PolynomialDesign {
  readonly termBlock: Float64Array;
  private readonly inputBlock: Float64Array;
  private cachedStart = -1;
  private cachedRows = 0;

  constructor(
    private readonly X: Matrix,
    private readonly inputMeans: Float64Array,
    private readonly inputScales: Float64Array,
    private readonly terms: PackedTerms,
    readonly blockRows: number,
  ) {
    this.inputBlock = new Float64Array(X.nCols * blockRows);
    this.termBlock = new Float64Array((terms.offsets.length - 1) * blockRows);
  }

  get nTerms(): number {
    return this.terms.offsets.length - 1;
  }

  /** Raw term values of rows start..start+m, column-major with stride blockRows. */
  block(start: number, m: number): Float64Array {
    if (start === this.cachedStart && m === this.cachedRows) return this.termBlock;
    const { X, inputMeans, inputScales, inputBlock, termBlock, blockRows: B } = this;
    for (let j = 0; j < X.nCols; j++) {
      const column = X.columns[j];
      for (let k = 0; k < m; k++)
        inputBlock[j * B + k] = (column[start + k] - inputMeans[j]) / inputScales[j];
    }
    const { offsets, features } = this.terms;
    for (let t = 0; t < this.nTerms; t++) {
      termBlock.fill(1, t * B, t * B + m);
      for (let f = offsets[t]; f < offsets[t + 1]; f++) {
        const factor = features[f] * B;
        for (let k = 0; k < m; k++) termBlock[t * B + k] *= inputBlock[factor + k];
      }
    }
    this.cachedStart = start;
    this.cachedRows = m;
    return termBlock;
  }
}
