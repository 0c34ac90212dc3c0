import type { ProbabilisticFitParams } from './fitReport.ts';
import { type BfgsResult, minimizeBfgs } from './minimizeBfgs.ts';
import type { RepeatPurchaseData } from './repeatPurchaseData.ts';

/**
 * Maximise a log-likelihood summed over `customers` with BFGS on log-parameters: the optimiser sees the
 * mean negative log-likelihood (so its gradient tolerance does not depend on the data size).
 * `logLikelihood` returns ℓ(θ) and writes ∂ℓ/∂θ into `gradient`.
 */
export function maximizeLogLikelihood(
  logLikelihood: (theta: Float64Array, gradient: Float64Array) => number,
  start: Float64Array,
  customers: number,
  params: ProbabilisticFitParams,
): BfgsResult {
  return minimizeBfgs(
    (theta, gradient) => {
      const value = logLikelihood(theta, gradient);
      for (let j = 0; j < gradient.length; j++) gradient[j] = -gradient[j]! / customers;
      return -value / customers;
    },
    start,
    params,
  );
}

/** One number per customer from a function of (x, tₓ, T). */
export function perCustomer(
  { x, tx, T }: RepeatPurchaseData,
  predict: (x: number, tx: number, T: number) => number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = predict(x[i]!, tx[i]!, T[i]!);
  return out;
}
