/**
 * In-place Cholesky factorisation of a symmetric positive definite `n × n` matrix (row-major):
 * afterwards the lower triangle holds L with A = L·Lᵀ (the upper triangle is left untouched).
 * Throws when a pivot is not positive, i.e. the matrix is singular or not positive definite
 * (collinear features without a ridge penalty); the message says which column.
 *
 * @example
 * const A = Float64Array.of(4, 2, 2, 3);
 * choleskyInPlace(A, 2); // A's lower triangle is now [2, ·, 1, √2]
 */
export function choleskyInPlace(A: Float64Array, n: number): void {
  if (A.length !== n * n) throw new Error(`choleskyInPlace: ${A.length} values is not a ${n} × ${n} matrix.`);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let pivot = A[rowJ + j];
    for (let k = 0; k < j; k++) pivot -= A[rowJ + k] * A[rowJ + k];
    // Relative test: a pivot lost to rounding against the original diagonal means rank deficiency.
    if (!(pivot > 1e-12 * Math.max(1, Math.abs(A[rowJ + j])))) {
      throw new CholeskyError(j, pivot);
    }
    const Ljj = Math.sqrt(pivot);
    A[rowJ + j] = Ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = A[rowI + j];
      for (let k = 0; k < j; k++) sum -= A[rowI + k] * A[rowJ + k];
      A[rowI + j] = sum / Ljj;
    }
  }
}

/** A matrix that is not (numerically) positive definite; `column` is the failing pivot. */
export class CholeskyError extends Error {
  constructor(
    readonly column: number,
    readonly pivot: number,
  ) {
    super(
      `Cholesky factorisation failed at column ${column} (pivot ${pivot}): the matrix is singular or not positive definite.`,
    );
    this.name = 'CholeskyError';
  }
}

/**
 * Solve A·x = b given the Cholesky factor in the lower triangle of `L` (from `choleskyInPlace`):
 * forward substitution with L, back substitution with Lᵀ. Returns a new vector.
 *
 * @example
 * choleskyInPlace(A, n);
 * const x = choleskySolve(A, n, b);
 */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let sum = x[i];
    for (let k = 0; k < i; k++) sum -= L[i * n + k] * x[k];
    x[i] = sum / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * x[k];
    x[i] = sum / L[i * n + i];
  }
  return x;
}

/**
 * Solve the symmetric positive definite system A·x = b without modifying A.
 *
 * @example
 * solveSymmetricPositiveDefinite(Float64Array.of(4, 2, 2, 3), 2, [2, 1]); // [0.5, 0]
 */
export function solveSymmetricPositiveDefinite(
  A: Float64Array,
  n: number,
  b: ArrayLike<number>,
): Float64Array {
  const L = Float64Array.from(A);
  choleskyInPlace(L, n);
  return choleskySolve(L, n, b);
}
