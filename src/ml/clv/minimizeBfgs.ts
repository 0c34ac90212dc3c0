/**
 * The objective of {@link minimizeBfgs}: returns f(θ) and writes ∇f(θ) into `gradient`.
 * May return a non-finite value for a θ outside the domain; the line search then steps back.
 */
export type ObjectiveWithGradient = (theta: Float64Array, gradient: Float64Array) => number;

export interface BfgsOptions {
  /** Iteration cap. Default 500. */
  maxIterations?: number;
  /** Stop when the largest |∂f/∂θᵢ| falls below this. Default 1e-9. */
  gradientTolerance?: number;
  /** Largest step in any coordinate of θ per iteration (a trust bound for log-parameters). Default 2. */
  maxStep?: number;
}

export interface BfgsResult {
  theta: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  gradientNorm: number;
}

/**
 * Minimise a smooth function with BFGS (Nocedal & Wright, Algorithm 6.1): the inverse-Hessian
 * approximation H is updated from each step s and gradient change y (eq. 6.17), with a backtracking
 * Armijo line search; the update is skipped when the curvature condition sᵀy > 0 fails, which keeps H
 * positive definite. Small problems only (H is dense): the CLV models have 3 or 4 parameters.
 *
 * @example
 * const { theta } = minimizeBfgs((t, g) => { g[0] = 2 * (t[0]! - 3); return (t[0]! - 3) ** 2; }, new Float64Array([0]));
 */
export function minimizeBfgs(
  objective: ObjectiveWithGradient,
  start: Float64Array,
  { maxIterations = 500, gradientTolerance = 1e-9, maxStep = 2 }: BfgsOptions = {},
): BfgsResult {
  const n = start.length;
  const theta = Float64Array.from(start);
  const gradient = new Float64Array(n);
  let value = objective(theta, gradient);
  if (!Number.isFinite(value)) {
    throw new RangeError(`minimizeBfgs: the objective is not finite at the start point [${[...start]}].`);
  }
  const H = identity(n);
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let iterations = 0;
  let gradientNorm = maxAbs(gradient);
  while (iterations < maxIterations && gradientNorm > gradientTolerance) {
    iterations++;
    multiply(H, gradient, direction, -1);
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // H lost positive definiteness to rounding: restart from steepest descent.
      resetIdentity(H);
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = dot(direction, gradient);
    }
    let step = Math.min(1, maxStep / Math.max(maxAbs(direction), 1e-300));
    let trialValue = Number.NaN;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let i = 0; i < n; i++) trial[i] = theta[i]! + step * direction[i]!;
      trialValue = objective(trial, trialGradient);
      // Armijo sufficient decrease (N&W eq. 3.4, c₁ = 1e-4).
      if (Number.isFinite(trialValue) && trialValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(Number.isFinite(trialValue) && trialValue <= value)) break; // no progress possible: at the optimum to rounding
    for (let i = 0; i < n; i++) {
      s[i] = trial[i]! - theta[i]!;
      y[i] = trialGradient[i]! - gradient[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) updateInverseHessian(H, s, y, sy, Hy);
    theta.set(trial);
    gradient.set(trialGradient);
    const improvement = value - trialValue;
    value = trialValue;
    gradientNorm = maxAbs(gradient);
    if (improvement <= 1e-15 * Math.max(1, Math.abs(value)) && gradientNorm < 1e3 * gradientTolerance) break;
  }
  return { theta, value, iterations, converged: gradientNorm <= gradientTolerance * 1e3, gradientNorm };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy (N&W eq. 6.17), expanded to avoid matrix products. */
function updateInverseHessian(
  H: Float64Array[],
  s: Float64Array,
  y: Float64Array,
  sy: number,
  Hy: Float64Array,
) {
  const n = s.length;
  multiply(H, y, Hy, 1);
  const yHy = dot(y, Hy);
  const rho = 1 / sy;
  const factor = (1 + rho * yHy) * rho;
  for (let i = 0; i < n; i++) {
    const row = H[i]!;
    for (let j = 0; j < n; j++) {
      row[j] = row[j]! + factor * s[i]! * s[j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
    }
  }
}

function identity(n: number): Float64Array[] {
  const H = Array.from({ length: n }, () => new Float64Array(n));
  resetIdentity(H);
  return H;
}

function resetIdentity(H: Float64Array[]): void {
  for (let i = 0; i < H.length; i++) {
    H[i]!.fill(0);
    H[i]![i] = 1;
  }
}

function multiply(H: Float64Array[], v: Float64Array, out: Float64Array, sign: number): void {
  for (let i = 0; i < H.length; i++) out[i] = sign * dot(H[i]!, v);
}

function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i]! * v[i]!;
  return sum;
}

function maxAbs(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  return max;
}
