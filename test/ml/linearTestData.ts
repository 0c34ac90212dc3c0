import { expect } from 'vitest';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';

/** A standard normal draw (Box–Muller) from a seeded uniform generator. */
export function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Random features with distinct means and scales, so standardisation matters. */
export function randomMatrix(nRows: number, nCols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const names = Array.from({ length: nCols }, (_, j) => `x${j}`);
  const columns = names.map((_, j) =>
    Float64Array.from({ length: nRows }, () => 10 * j + (j + 1) * gaussian(rng)),
  );
  return Matrix.fromColumns(names, columns);
}

/**
 * Solve a dense system by Gaussian elimination with partial pivoting: an independent reference for
 * the Cholesky-based solvers under test.
 */
export function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    for (let r = c + 1; r < n; r++) {
      const factor = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= factor * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = M[r][n];
    for (let k = r + 1; k < n; k++) sum -= M[r][k] * x[k];
    x[r] = sum / M[r][r];
  }
  return x;
}

/** Weighted mean and population standard deviation of each column. */
export function columnMoments(X: Matrix, weight: Float64Array): { means: number[]; scales: number[] } {
  const total = weight.reduce((a, b) => a + b, 0);
  const means = X.columns.map((col) => col.reduce((s, v, i) => s + weight[i] * v, 0) / total);
  const scales = X.columns.map((col, j) =>
    Math.sqrt(col.reduce((s, v, i) => s + weight[i] * (v - means[j]) ** 2, 0) / total),
  );
  return { means, scales };
}

/** Assert two number lists agree entry by entry to `digits` decimals. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits: number): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(actual[k]).toBeCloseTo(expected[k], digits);
}
