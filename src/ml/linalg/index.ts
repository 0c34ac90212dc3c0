export { BlockGram, type ColumnFiller, GRAM_BLOCK_ROWS } from './blockGram.ts';
export { CholeskyError, choleskyInPlace, choleskySolve, solveSymmetricPositiveDefinite } from './cholesky.ts';
