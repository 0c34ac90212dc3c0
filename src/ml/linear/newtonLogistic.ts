import { BlockGram, choleskyInPlace, choleskySolve, GRAM_BLOCK_ROWS } from '../linalg/index.ts';
import type { Matrix } from '../matrix.ts';

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

export interface NewtonSettings {
  C: number;
  tol: number;
  maxIter: number;
  onProgress?: (done: number, total: number) => void;
  /** Starting point [β…, b] (default: β = 0, b = logit of the weighted base rate). */
  warmStart?: Float64Array;
}

/** log(1 + e^s) − y·s: the logistic loss of score s, without overflow. */
function logisticLoss(score: number, y: number): number {
  const softplus = score > 0 ? score + Math.log1p(Math.exp(-score)) : Math.log1p(Math.exp(score));
  return softplus - y * score;
}

function sigmoid(score: number): number {
  return score >= 0 ? 1 / (1 + Math.exp(-score)) : Math.exp(score) / (1 + Math.exp(score));
}

/**
 * L2-penalised logistic regression by Newton's method (IRLS) with an Armijo backtracking line search:
 * minimise f(β, b) = Σ wᵢ·[log(1 + e^{sᵢ}) − yᵢ·sᵢ] + ‖β‖²/(2C), sᵢ = b + βᵀuᵢ on standardised rows
 * uᵢ = (xᵢ − means)/scales. The intercept b is the last unknown and carries no penalty. Each step
 * solves (Uᵀ·W·U + I/C)·d = −∇f by Cholesky (the Hessian streams through a p×p matrix; no n×p copy),
 * and the line search only needs the direction's scores Ud, so a trial step costs O(n). The penalty
 * keeps the Hessian positive definite and the optimum finite, also on separable data. Converged when
 * the largest coefficient change of an accepted step is ≤ tol.
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
  const n = X.nRows;
  const p = X.nCols;
  const q = p + 1;
  const beta = new Float64Array(q);
  // Start at the weighted base rate: the optimum of the intercept-only model.
  let positiveWeight = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    positiveWeight += weight[i] * y[i];
    totalWeight += weight[i];
  }
  const baseRate = Math.min(Math.max(positiveWeight / totalWeight, 1e-12), 1 - 1e-12);
  beta[p] = Math.log(baseRate / (1 - baseRate));
  const scores = new Float64Array(n).fill(beta[p]);
  if (settings.warmStart) {
    beta.set(settings.warmStart);
    scores.fill(beta[p]);
    for (let j = 0; j < p; j++) {
      const column = X.columns[j];
      for (let i = 0; i < n; i++) scores[i] += (beta[j] * (column[i] - means[j])) / scales[j];
    }
  }
  const directionScores = new Float64Array(n);
  const z = new Float64Array(q);
  z[p] = 1;
  const curvatureWeight = new Float64Array(n);
  const workingTarget = new Float64Array(n);
  /** Standardised column a (the intercept's column of ones when a = p) of rows start.. into out. */
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

  const objective = (trialBeta: Float64Array, step: number): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (weight[i] > 0) total += weight[i] * logisticLoss(scores[i] + step * directionScores[i], y[i]);
    }
    let penalty = 0;
    for (let j = 0; j < p; j++) penalty += trialBeta[j] * trialBeta[j];
    return total + penalty / (2 * C);
  };

  // Hessian Σ wᵢpᵢ(1−pᵢ)·zzᵀ and gradient Σ wᵢ(pᵢ − yᵢ)·z in one pass: with row weight
  // h = w·p(1−p) and target (p − y)/(p(1−p)), BlockGram's r is exactly the gradient. Rows whose
  // probability saturated (h ≈ 0, where the division would overflow) get weight 0 and add their
  // gradient directly. Cost n·q²/2.
  const hessianAndGradient = () => {
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
        for (let j = 0; j < p; j++) z[j] = (X.columns[j][i] - means[j]) / scales[j];
        for (let j = 0; j < q; j++) saturatedGradient[j] += weight[i] * (probability - y[i]) * z[j];
      }
    }
    for (let start = 0; start < n; start += GRAM_BLOCK_ROWS) {
      const m = Math.min(GRAM_BLOCK_ROWS, n - start);
      accumulator.addColumnBlock(start, m, curvatureWeight, workingTarget, fillColumn);
    }
    const { G: hessian, r: gradient } = accumulator.finish();
    for (let j = 0; j < q; j++) gradient[j] += saturatedGradient[j];
    return { hessian, gradient };
  };

  /** The gradient alone, column by column: cost n·q. */
  const gradientOnly = (): Float64Array => {
    const gradient = new Float64Array(q);
    for (let i = 0; i < n; i++) {
      workingTarget[i] = weight[i] * (sigmoid(scores[i]) - y[i]);
      gradient[p] += workingTarget[i];
    }
    for (let j = 0; j < p; j++) {
      const column = X.columns[j];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += workingTarget[i] * (column[i] - means[j]);
      gradient[j] = sum / scales[j];
    }
    return gradient;
  };

  let current = objective(beta, 0);
  let converged = false;
  let iteration = 0;
  // Cholesky factor of the last Hessian. Near the optimum the Hessian barely changes, so after a
  // small full step the next steps reuse it (a chord / simplified Newton step: gradient only, n·q
  // instead of n·q²/2); a chord step that needs backtracking triggers a fresh Hessian.
  let factor: Float64Array | null = null;
  let reuseHessian = false;
  let previousChange = Number.POSITIVE_INFINITY;
  while (iteration < maxIter && !converged) {
    iteration++;
    let gradient: Float64Array;
    const reused = reuseHessian && factor !== null;
    if (reused) {
      gradient = gradientOnly();
    } else {
      const fresh = hessianAndGradient();
      gradient = fresh.gradient;
      factor = fresh.hessian;
      for (let j = 0; j < p; j++) factor[j * q + j] += 1 / C;
      // A tiny ridge on the intercept keeps the system solvable when every probability saturates.
      factor[p * q + p] += 1e-12 * Math.max(1, factor[p * q + p]);
      choleskyInPlace(factor, q);
    }
    for (let j = 0; j < p; j++) gradient[j] += beta[j] / C;
    const direction = choleskySolve(
      factor!,
      q,
      gradient.map((g) => -g),
    );

    directionScores.fill(direction[p]);
    for (let j = 0; j < p; j++) {
      const column = X.columns[j];
      const dj = direction[j] / scales[j];
      const mj = means[j];
      if (dj === 0) continue;
      for (let i = 0; i < n; i++) directionScores[i] += dj * (column[i] - mj);
    }
    let slope = 0;
    for (let j = 0; j < q; j++) slope += gradient[j] * direction[j];

    let step = 1;
    const trial = new Float64Array(q);
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let j = 0; j < q; j++) trial[j] = beta[j] + step * direction[j];
      const candidate = objective(trial, step);
      if (candidate <= current + 1e-4 * step * slope) {
        current = candidate;
        accepted = true;
        break;
      }
      step /= 2;
    }
    let largestChange = 0;
    for (let j = 0; j < q; j++) largestChange = Math.max(largestChange, Math.abs(step * direction[j]));
    if (!accepted && reused) {
      // The old Hessian no longer fits: redo this step with a fresh one.
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
    // Reuse the Hessian once full steps are small, and only while each step at least halves the last.
    reuseHessian = step === 1 && largestChange <= HESSIAN_REUSE_STEP && largestChange <= previousChange / 2;
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
