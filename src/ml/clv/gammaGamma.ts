import { type FrequencyLevels, frequencyLevels, type RepeatSpendData } from './repeatPurchaseData.ts';
import { digamma, logGamma } from './specialFunctions.ts';

/** Gamma-Gamma parameters: spend per transaction z ~ Gamma(p, ν), ν ~ Gamma(q, v) across customers. */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

/**
 * The Gamma-Gamma log-likelihood of the mean repeat spend z̄ of customers with x > 0 repeat purchases
 * (Fader, Hardie & Lee 2005b, "RFM and CLV", eq. 3, the density of z̄ given x):
 *   ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln z̄ + px ln x − (px+q) ln(v + x z̄).
 * Terms of x alone are computed once per distinct x. With `gradient`: ∂ℓ/∂(ln p, ln q, ln v).
 * `logZbar` (ln z̄ per customer) is passed in because it does not change during a fit.
 */
export function gammaGammaLogLikelihood(
  { p, q, v }: GammaGammaParameters,
  { x, zbar }: RepeatSpendData,
  logZbar: Float64Array,
  levels: FrequencyLevels = frequencyLevels(x),
  gradient?: Float64Array,
): number {
  const { values, counts, levelOf } = levels;
  const logGammaQ = logGamma(q);
  const digammaQ = digamma(q);
  const logV = Math.log(v);
  // Per distinct x: ln Γ(px+q) − ln Γ(px) and the matching digamma differences.
  const digammaPXQ = new Float64Array(values.length);
  const digammaPX = new Float64Array(values.length);
  const logX = new Float64Array(values.length);
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const px = p * values[k]!;
    logX[k] = Math.log(values[k]!);
    sum += counts[k]! * (logGamma(px + q) - logGamma(px) - logGammaQ + q * logV + px * logX[k]!);
    if (gradient) {
      digammaPXQ[k] = digamma(px + q);
      digammaPX[k] = digamma(px);
    }
  }
  let dp = 0;
  let dq = 0;
  let dv = 0;
  for (let i = 0; i < x.length; i++) {
    const k = levelOf[i]!;
    const xi = x[i]!;
    const px = p * xi;
    const spendPlusV = v + xi * zbar[i]!;
    const logSpendPlusV = Math.log(spendPlusV);
    sum += (px - 1) * logZbar[i]! - (px + q) * logSpendPlusV;
    if (gradient) {
      dp += xi * (digammaPXQ[k]! - digammaPX[k]! + logZbar[i]! + logX[k]! - logSpendPlusV);
      dq += digammaPXQ[k]! - digammaQ + logV - logSpendPlusV;
      dv += q / v - (px + q) / spendPlusV;
    }
  }
  if (gradient) {
    gradient[0] = p * dp;
    gradient[1] = q * dq;
    gradient[2] = v * dv;
  }
  return sum;
}

/**
 * E[Z | x, z̄]: the expected spend per transaction of a customer with x repeat purchases of mean z̄
 * (FHL 2005b, eq. 5), a weighted mean of the population mean pv/(q−1) and the customer's own z̄.
 * A customer without repeat purchases (x = 0) gets the population mean. Needs q > 1 (else the mean is infinite).
 */
export function gammaGammaExpectedSpend({ p, q, v }: GammaGammaParameters, x: number, zbar: number): number {
  if (!(q > 1)) {
    throw new RangeError(
      `Gamma-Gamma q = ${q} ≤ 1: the expected spend is infinite; refit on more customers.`,
    );
  }
  return (p * (v + x * zbar)) / (p * x + q - 1);
}
