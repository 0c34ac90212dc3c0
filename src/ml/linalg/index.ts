export { CholeskyError, choleskyInPlace, choleskySolve, solveSymmetricPositiveDefinite } from './cholesky.ts';
export { addScaled, addWeightedOuterProduct, mirrorLowerToUpper } from './gram.ts';
