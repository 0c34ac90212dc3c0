import {
  BlockGram,
  CholeskyError,
  type ColumnFiller,
  solveSymmetricPositiveDefinite,
} from '../linalg/index.ts';

export interface RidgeProblem {
  model: string;
  nRows: number;
  /** Number of design columns (standardised inputs or terms). */
  p: number;
  /** Write centred design column a of rows start..start+m into out[offset..offset+m). */
  fillColumn: ColumnFiller;
  /** Name of design column j, for error messages. */
  columnName: (j: number) => string;
  y: Float64Array;
  weight: Float64Array;
  alpha: number;
}

/**
 * Weighted ridge regression solved exactly: minimise Σ wᵢ·(yᵢ − b − βᵀuᵢ)² + α‖β‖². The design rows
 * u are weighted-centred by the caller, so the intercept decouples and is left unpenalised:
 * b = weighted mean of y, and β solves (UᵀWU + αI)·β = UᵀW(y − b) by Cholesky. Rows stream through
 * a p×p Gram matrix in column blocks (cost n·p²/2, memory p², never an n×p copy). A column that is exactly zero
 * (constant feature) gets coefficient 0; collinear columns without a penalty fail with advice.
 */
export function fitRidge(problem: RidgeProblem): { coefficients: Float64Array; intercept: number } {
  const { model, nRows, p, fillColumn, columnName, y, weight, alpha } = problem;
  let totalWeight = 0;
  let weightedSum = 0;
  for (let i = 0; i < nRows; i++) {
    totalWeight += weight[i];
    weightedSum += weight[i] * y[i];
  }
  const intercept = weightedSum / totalWeight;
  const accumulator = new BlockGram(p);
  const centredTarget = Float64Array.from(y, (v) => v - intercept);
  for (let start = 0; start < nRows; start += accumulator.blockRows) {
    accumulator.addColumnBlock(
      start,
      Math.min(accumulator.blockRows, nRows - start),
      weight,
      centredTarget,
      fillColumn,
    );
  }
  const { G: gram, r: rhs } = accumulator.finish();
  for (let j = 0; j < p; j++) {
    // An all-zero column has no information: a unit diagonal pins its coefficient to rhs/1 = 0.
    gram[j * p + j] += gram[j * p + j] === 0 ? Math.max(alpha, 1) : alpha;
  }
  try {
    return { coefficients: solveSymmetricPositiveDefinite(gram, p, rhs), intercept };
  } catch (error) {
    if (!(error instanceof CholeskyError)) throw error;
    throw new Error(
      `${model}.fit: the features are collinear (column "${columnName(error.column)}" is a combination of earlier ones), ` +
        'so the least-squares solution is not unique. Set alpha > 0 (ridge) or drop the redundant feature.',
    );
  }
}
