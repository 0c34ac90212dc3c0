import { choleskyInPlace, choleskySolve } from '../linalg/index.ts';
import type { Matrix } from '../matrix.ts';
import {
  designTimes,
  logisticGradient,
  logisticHessianAndGradient,
  lossAlong,
  type StandardisedDesign,
} from './logisticPasses.ts';

/** Largest standardised-coefficient step after which the next steps may reuse the Hessian. */
const HESSIAN_REUSE_STEP = 0.1;

export interface LogisticSolution {
  /** On the standardised scale, one per column of X. */
  coefficients: Float64Array;
  intercept: number;
  converged: boolean;
  nIterations: number;
  /** Penalised objective at the solution: Σ wᵢ·logloss + ‖β‖² / (2C). */
  objective: number;
}

/** A row sample standing in for all rows when the Hessian is built (weights already scaled up). */
export interface HessianSample {
  /** Row indices into the full data. */
  rows: Int32Array;
  X: Matrix;
  y: Float64Array;
  weight: Float64Array;
}

export interface NewtonSettings {
  C: number;
  tol: number;
  maxIter: number;
  onProgress?: (done: number, total: number) => void;
  /** Starting point [β…, b] (default: β = 0, b = logit of the weighted base rate). */
  warmStart?: Float64Array;
  /** Build Hessians on this sample while its steps contract (sub-sampled Newton); all rows otherwise. */
  hessianSample?: HessianSample;
}

/**
 * L2-penalised logistic regression by Newton's method (IRLS) with an Armijo backtracking line search:
 * minimise f(β, b) = Σ wᵢ·[log(1 + e^{sᵢ}) − yᵢ·sᵢ] + ‖β‖²/(2C), sᵢ = b + βᵀuᵢ on standardised rows
 * uᵢ = (xᵢ − means)/scales. The intercept b is the last unknown and carries no penalty. Each step
 * solves (Uᵀ·W·U + I/C)·d = −∇f by Cholesky (the Hessian streams through a p×p matrix; no n×p copy),
 * and the line search only needs the direction's scores Ud, so a trial step costs O(n). The penalty
 * keeps the Hessian positive definite and the optimum finite, also on separable data. Converged when
 * the largest coefficient change of an accepted step is ≤ tol.
 *
 * With `hessianSample`, the Hessian comes from the sample's rows (sub-sampled Newton, Byrd et al.
 * 2011; Roosta-Khorasani & Mahoney 2019): the gradient is always exact, so the fixed point is the
 * same optimum, and the steps contract linearly at the rate of the Hessian's sampling error (a few
 * per cent at 50k rows) for n·q per step instead of n·q²/2. A sampled step that fails its line
 * search or stops contracting switches to full-data Hessians for the rest of the fit.
 */
export function newtonLogistic(
  X: Matrix,
  y: Float64Array,
  weight: Float64Array,
  means: Float64Array,
  scales: Float64Array,
  settings: NewtonSettings,
): LogisticSolution {
  const { C, tol, maxIter, onProgress } = settings;
  const design: StandardisedDesign = { X, means, scales };
  const n = X.nRows;
  const p = X.nCols;
  const q = p + 1;
  const beta = settings.warmStart ? Float64Array.from(settings.warmStart) : baseRateStart(y, weight, q);
  const scores = new Float64Array(n);
  designTimes(design, beta, scores);
  const directionScores = new Float64Array(n);
  const scratch = { curvatureWeight: new Float64Array(n), workingTarget: new Float64Array(n) };
  const penalty = (coefficients: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < p; j++) sum += coefficients[j] * coefficients[j];
    return sum / (2 * C);
  };

  let sample = settings.hessianSample;
  const sampleScores = sample ? new Float64Array(sample.rows.length) : null;
  const sampleScratch = sample
    ? {
        curvatureWeight: new Float64Array(sample.rows.length),
        workingTarget: new Float64Array(sample.rows.length),
      }
    : null;
  /** A fresh Hessian (with the penalty), factorised, and the gradient when the pass gives it. */
  const freshHessian = (): { factor: Float64Array; gradient: Float64Array | null } => {
    let hessian: Float64Array;
    let gradient: Float64Array | null = null;
    if (sample && sampleScores && sampleScratch) {
      for (let k = 0; k < sample.rows.length; k++) sampleScores[k] = scores[sample.rows[k]];
      const sampleDesign = { X: sample.X, means, scales };
      hessian = logisticHessianAndGradient(
        sampleDesign,
        sample.y,
        sample.weight,
        sampleScores,
        sampleScratch,
      ).hessian;
    } else {
      ({ hessian, gradient } = logisticHessianAndGradient(design, y, weight, scores, scratch));
    }
    for (let j = 0; j < p; j++) hessian[j * q + j] += 1 / C;
    // A tiny ridge on the intercept keeps the system solvable when every probability saturates.
    hessian[p * q + p] += 1e-12 * Math.max(1, hessian[p * q + p]);
    choleskyInPlace(hessian, q);
    return { factor: hessian, gradient };
  };

  let current = lossAlong(y, weight, scores, directionScores.fill(0), 0) + penalty(beta);
  let converged = false;
  let iteration = 0;
  // Cholesky factor of the last Hessian. Near the optimum the Hessian barely changes, so after a
  // small full step the next steps reuse it (a chord / simplified Newton step: gradient only, n·q
  // instead of n·q²/2); a chord step that needs backtracking triggers a fresh Hessian.
  let factor: Float64Array | null = null;
  let reuseHessian = false;
  let previousChange = Number.POSITIVE_INFINITY;
  const trial = new Float64Array(q);
  while (iteration < maxIter && !converged) {
    iteration++;
    let gradient: Float64Array | null = null;
    const reused = reuseHessian && factor !== null;
    const sampled = sample !== undefined && !reused;
    if (!reused) ({ factor, gradient } = freshHessian());
    gradient ??= logisticGradient(design, y, weight, scores, scratch.workingTarget);
    for (let j = 0; j < p; j++) gradient[j] += beta[j] / C;
    const direction = choleskySolve(
      factor!,
      q,
      gradient.map((g) => -g),
    );
    designTimes(design, direction, directionScores);
    let slope = 0;
    for (let j = 0; j < q; j++) slope += gradient[j] * direction[j];

    let step = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let j = 0; j < q; j++) trial[j] = beta[j] + step * direction[j];
      const candidate = lossAlong(y, weight, scores, directionScores, step) + penalty(trial);
      if (candidate <= current + 1e-4 * step * slope) {
        current = candidate;
        accepted = true;
        break;
      }
      step /= 2;
    }
    let largestChange = 0;
    for (let j = 0; j < q; j++) largestChange = Math.max(largestChange, Math.abs(step * direction[j]));
    if (!accepted && (reused || sampled)) {
      // The old or sampled Hessian no longer fits: redo this step with a fresh full-data one.
      if (sampled) sample = undefined;
      reuseHessian = false;
      continue;
    }
    if (!accepted) {
      // No decrease is representable any more: we sit at the optimum up to rounding, or are stuck.
      let newtonStep = 0;
      for (let j = 0; j < q; j++) newtonStep = Math.max(newtonStep, Math.abs(direction[j]));
      converged = newtonStep <= Math.sqrt(tol);
      break;
    }
    beta.set(trial);
    for (let i = 0; i < n; i++) scores[i] += step * directionScores[i];
    converged = largestChange <= tol;
    const contracting = step === 1 && largestChange <= previousChange / 2;
    // A sampled Hessian whose steps stop contracting is too rough here: use all rows from now on.
    if (sample && !contracting && Number.isFinite(previousChange)) sample = undefined;
    // Reuse the Hessian once full steps are small, and only while each step at least halves the last.
    reuseHessian = contracting && largestChange <= HESSIAN_REUSE_STEP;
    previousChange = largestChange;
    onProgress?.(iteration, maxIter);
  }
  return {
    coefficients: beta.slice(0, p),
    intercept: beta[p],
    converged,
    nIterations: iteration,
    objective: current,
  };
}

/** β = 0 and b = logit of the weighted base rate: the optimum of the intercept-only model. */
function baseRateStart(y: Float64Array, weight: Float64Array, q: number): Float64Array {
  let positiveWeight = 0;
  let totalWeight = 0;
  for (let i = 0; i < y.length; i++) {
    positiveWeight += weight[i] * y[i];
    totalWeight += weight[i];
  }
  const baseRate = Math.min(Math.max(positiveWeight / totalWeight, 1e-12), 1 - 1e-12);
  const beta = new Float64Array(q);
  beta[q - 1] = Math.log(baseRate / (1 - baseRate));
  return beta;
}
