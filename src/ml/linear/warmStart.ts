import type { Matrix } from '../matrix.ts';
import { type HessianSample, newtonLogistic } from './newtonLogistic.ts';

/** From this many rows on, Newton starts from a fit on a row sample and builds its Hessians there. */
const SAMPLE_MIN_ROWS = 200_000;
const SAMPLE_ROWS = 50_000;

/**
 * Every k-th row (≈ 50k rows, weights × k so the penalty keeps its relative weight), or undefined
 * below 200k rows. Deterministic (no random draw), so the same data gives the same model.
 */
export function systematicSample(
  X: Matrix,
  y: Float64Array,
  weight: Float64Array,
): HessianSample | undefined {
  if (X.nRows < SAMPLE_MIN_ROWS) return undefined;
  const stride = Math.floor(X.nRows / SAMPLE_ROWS);
  const rows = Int32Array.from({ length: Math.floor(X.nRows / stride) }, (_, k) => k * stride);
  const sampleWeight = Float64Array.from(rows, (i) => weight[i] * stride);
  if (!sampleWeight.some((w) => w > 0)) return undefined;
  return { rows, X: X.takeRows(rows), y: Float64Array.from(rows, (i) => y[i]), weight: sampleWeight };
}

/**
 * Solve on the sample first: that lands within sampling error of the optimum, so Newton on all rows
 * starts next to it. The full-data convergence test alone decides when the fit is done.
 */
export function sampleWarmStart(
  sample: HessianSample,
  means: Float64Array,
  scales: Float64Array,
  C: number,
  maxIter: number,
): Float64Array {
  const fit = newtonLogistic(sample.X, sample.y, sample.weight, means, scales, { C, tol: 1e-4, maxIter });
  return Float64Array.of(...fit.coefficients, fit.intercept);
}
