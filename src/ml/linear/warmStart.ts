import type { Matrix } from '../matrix.ts';
import { newtonLogistic } from './newtonLogistic.ts';

/** From this many rows on, Newton starts from a fit on a subsample (see `subsampleWarmStart`). */
const WARM_START_MIN_ROWS = 200_000;
const WARM_START_ROWS = 50_000;

/**
 * On large data, solve first on every k-th row (≈ 50k rows, weights × k so the penalty keeps its
 * weight): that lands within sampling error of the optimum, and Newton on all rows then needs 2–3
 * passes instead of 5–8. Deterministic (no random draw); the full-data convergence test decides.
 */
export function subsampleWarmStart(
  X: Matrix,
  y: Float64Array,
  weight: Float64Array,
  means: Float64Array,
  scales: Float64Array,
  C: number,
  maxIter: number,
): Float64Array | undefined {
  if (X.nRows < WARM_START_MIN_ROWS) return undefined;
  const stride = Math.floor(X.nRows / WARM_START_ROWS);
  const rows = Int32Array.from({ length: Math.floor(X.nRows / stride) }, (_, k) => k * stride);
  const subWeight = Float64Array.from(rows, (i) => weight[i] * stride);
  if (!subWeight.some((w) => w > 0)) return undefined;
  const sub = newtonLogistic(
    X.takeRows(rows),
    Float64Array.from(rows, (i) => y[i]),
    subWeight,
    means,
    scales,
    {
      C,
      tol: 1e-4,
      maxIter,
    },
  );
  return Float64Array.of(...sub.coefficients, sub.intercept);
}
