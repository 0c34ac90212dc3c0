import { BlockGram, GRAM_BLOCK_ROWS } from '../linalg/index.ts';
import type { Matrix } from '../matrix.ts';

/**
 * The row passes of Newton's method for logistic regression, over the standardised design
 * uᵢ = (xᵢ − means) / scales with the intercept's column of ones last. Column-major data is read
 * four columns per pass over the row arrays, so each pass streams the columns once and touches the
 * per-row arrays (scores, residuals) p/4 times instead of p times.
 */
export interface StandardisedDesign {
  X: Matrix;
  means: Float64Array;
  scales: Float64Array;
}

/** log(1 + e^s) − y·s: the logistic loss of score s, without overflow. */
export function logisticLoss(score: number, y: number): number {
  const softplus = score > 0 ? score + Math.log1p(Math.exp(-score)) : Math.log1p(Math.exp(score));
  return softplus - y * score;
}

export function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/** out[i] = d[p] + Σⱼ d[j]·uᵢⱼ: the scores of direction (or coefficients) d on every row. */
export function designTimes(design: StandardisedDesign, d: Float64Array, out: Float64Array): void {
  const { X, means, scales } = design;
  const n = X.nRows;
  const p = X.nCols;
  out.fill(d[p]);
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const c0 = X.columns[j];
    const c1 = X.columns[j + 1];
    const c2 = X.columns[j + 2];
    const c3 = X.columns[j + 3];
    const [m0, m1, m2, m3] = [means[j], means[j + 1], means[j + 2], means[j + 3]];
    const k0 = d[j] / scales[j];
    const k1 = d[j + 1] / scales[j + 1];
    const k2 = d[j + 2] / scales[j + 2];
    const k3 = d[j + 3] / scales[j + 3];
    for (let i = 0; i < n; i++) {
      out[i] += k0 * (c0[i] - m0) + k1 * (c1[i] - m1) + k2 * (c2[i] - m2) + k3 * (c3[i] - m3);
    }
  }
  for (; j < p; j++) {
    const column = X.columns[j];
    const mean = means[j];
    const k = d[j] / scales[j];
    if (k === 0) continue;
    for (let i = 0; i < n; i++) out[i] += k * (column[i] - mean);
  }
}

/**
 * ∇ of Σ wᵢ·logloss at the current scores (the penalty is the caller's): Σ wᵢ(pᵢ − yᵢ)·uᵢ, one
 * exponential per row and one multiply-add per value. `residual` is scratch of n rows.
 */
export function logisticGradient(
  design: StandardisedDesign,
  y: Float64Array,
  weight: Float64Array,
  scores: Float64Array,
  residual: Float64Array,
): Float64Array {
  const { X, means, scales } = design;
  const n = X.nRows;
  const p = X.nCols;
  const gradient = new Float64Array(p + 1);
  let interceptSum = 0;
  for (let i = 0; i < n; i++) {
    residual[i] = weight[i] * (sigmoid(scores[i]) - y[i]);
    interceptSum += residual[i];
  }
  gradient[p] = interceptSum;
  let j = 0;
  for (; j + 4 <= p; j += 4) {
    const c0 = X.columns[j];
    const c1 = X.columns[j + 1];
    const c2 = X.columns[j + 2];
    const c3 = X.columns[j + 3];
    const [m0, m1, m2, m3] = [means[j], means[j + 1], means[j + 2], means[j + 3]];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const r = residual[i];
      s0 += r * (c0[i] - m0);
      s1 += r * (c1[i] - m1);
      s2 += r * (c2[i] - m2);
      s3 += r * (c3[i] - m3);
    }
    gradient[j] = s0 / scales[j];
    gradient[j + 1] = s1 / scales[j + 1];
    gradient[j + 2] = s2 / scales[j + 2];
    gradient[j + 3] = s3 / scales[j + 3];
  }
  for (; j < p; j++) {
    const column = X.columns[j];
    const mean = means[j];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += residual[i] * (column[i] - mean);
    gradient[j] = sum / scales[j];
  }
  return gradient;
}

/**
 * Hessian Σ wᵢpᵢ(1−pᵢ)·uᵢuᵢᵀ and gradient Σ wᵢ(pᵢ − yᵢ)·uᵢ in one pass (cost n·q²/2): with row
 * weight h = w·p(1−p) and target (p − y)/(p(1−p)), BlockGram's r is exactly the gradient. Rows whose
 * probability saturated (h ≈ 0, where the division would overflow) get weight 0 and add their
 * gradient directly. `curvatureWeight` and `workingTarget` are scratch of n rows.
 */
export function logisticHessianAndGradient(
  design: StandardisedDesign,
  y: Float64Array,
  weight: Float64Array,
  scores: Float64Array,
  scratch: { curvatureWeight: Float64Array; workingTarget: Float64Array },
): { hessian: Float64Array; gradient: Float64Array } {
  const { X, means, scales } = design;
  const { curvatureWeight, workingTarget } = scratch;
  const n = X.nRows;
  const p = X.nCols;
  const q = p + 1;
  const accumulator = new BlockGram(q, GRAM_BLOCK_ROWS);
  const saturatedGradient = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const probability = sigmoid(scores[i]);
    const curvature = probability * (1 - probability);
    if (curvature > 1e-100) {
      curvatureWeight[i] = weight[i] * curvature;
      workingTarget[i] = (probability - y[i]) / curvature;
    } else {
      curvatureWeight[i] = 0;
      workingTarget[i] = 0;
      const residual = weight[i] * (probability - y[i]);
      for (let j = 0; j < p; j++)
        saturatedGradient[j] += (residual * (X.columns[j][i] - means[j])) / scales[j];
      saturatedGradient[p] += residual;
    }
  }
  const fillColumn = (a: number, out: Float64Array, offset: number, start: number, m: number): void => {
    if (a === p) {
      out.fill(1, offset, offset + m);
      return;
    }
    const column = X.columns[a];
    const mean = means[a];
    const scale = scales[a];
    for (let k = 0; k < m; k++) out[offset + k] = (column[start + k] - mean) / scale;
  };
  for (let start = 0; start < n; start += GRAM_BLOCK_ROWS) {
    const m = Math.min(GRAM_BLOCK_ROWS, n - start);
    accumulator.addColumnBlock(start, m, curvatureWeight, workingTarget, fillColumn);
  }
  const { G: hessian, r: gradient } = accumulator.finish();
  for (let j = 0; j < q; j++) gradient[j] += saturatedGradient[j];
  return { hessian, gradient };
}

/** Σ wᵢ·logloss(yᵢ, scoresᵢ + step·directionScoresᵢ): the data term of the objective along a line. */
export function lossAlong(
  y: Float64Array,
  weight: Float64Array,
  scores: Float64Array,
  directionScores: Float64Array,
  step: number,
): number {
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    if (weight[i] > 0) total += weight[i] * logisticLoss(scores[i] + step * directionScores[i], y[i]);
  }
  return total;
}
