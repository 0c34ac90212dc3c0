import {
  checkRepeatPurchaseData,
  type FrequencyLevels,
  frequencyLevels,
  type RepeatPurchaseData,
} from './repeatPurchaseData.ts';
import { digamma, logGamma, logHyp2f1 } from './specialFunctions.ts';

/** The four BG/NBD parameters: purchase rates λ ~ Gamma(r, α), drop-out probabilities p ~ Beta(a, b). */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * The BG/NBD log-likelihood summed over customers (Fader, Hardie & Lee 2005, eq. 6), computed in log
 * space so that x = 200 or T = 1000 stays finite:
 *   A₁ = ln Γ(r+x) − ln Γ(r) + r ln α,   A₂ = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x),
 *   A₃ = −(r+x) ln(α+T),                  A₄ = ln a − ln(b+x−1) − (r+x) ln(α+tₓ)  (x > 0 only),
 *   ℓ = A₁ + A₂ + ln(e^A₃ + e^A₄).
 * When `gradient` is given it receives ∂ℓ/∂(ln r, ln α, ln a, ln b): the fit works on log-parameters.
 */
export function bgNbdLogLikelihood(
  { r, alpha, a, b }: BgNbdParameters,
  data: RepeatPurchaseData,
  levels: FrequencyLevels = frequencyLevels(data.x),
  gradient?: Float64Array,
): number {
  const { x, tx, T } = data;
  const { values, counts, levelOf } = levels;
  const levelCount = values.length;
  // Terms that depend on x alone, once per distinct x.
  const logB = new Float64Array(levelCount);
  const inverseBx = new Float64Array(levelCount);
  let sum = 0;
  let dr = 0;
  let da = 0;
  let db = 0;
  const logGammaR = logGamma(r);
  const logGammaAB = logGamma(a + b) - logGamma(b);
  const digammaR = digamma(r);
  const digammaAB = digamma(a + b);
  const digammaB = digamma(b);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  for (let k = 0; k < levelCount; k++) {
    const xk = values[k]!;
    const n = counts[k]!;
    sum += n * (logGamma(r + xk) - logGammaR + r * logAlpha);
    sum += n * (logGammaAB + logGamma(b + xk) - logGamma(a + b + xk));
    if (xk > 0) {
      logB[k] = logA - Math.log(b + xk - 1);
      inverseBx[k] = 1 / (b + xk - 1);
    }
    if (gradient) {
      const digammaABX = digamma(a + b + xk);
      dr += n * (digamma(r + xk) - digammaR + logAlpha);
      da += n * (digammaAB - digammaABX);
      db += n * (digammaAB + digamma(b + xk) - digammaB - digammaABX);
    }
  }
  let dAlpha = (r / alpha) * x.length;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const logAlphaT = Math.log(alpha + T[i]!);
    const A3 = -(r + xi) * logAlphaT;
    if (xi === 0) {
      sum += A3;
      if (gradient) {
        dr -= logAlphaT;
        dAlpha -= (r + xi) / (alpha + T[i]!);
      }
      continue;
    }
    const k = levelOf[i]!;
    const logAlphaTx = Math.log(alpha + tx[i]!);
    const A4 = logB[k]! - (r + xi) * logAlphaTx;
    const d = A4 - A3;
    // ln(e^A₃ + e^A₄) and w = e^A₄ / (e^A₃ + e^A₄), both without overflow.
    const w = d > 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
    sum += d > 0 ? A4 + Math.log1p(Math.exp(-d)) : A3 + Math.log1p(Math.exp(d));
    if (gradient) {
      dr -= (1 - w) * logAlphaT + w * logAlphaTx;
      dAlpha -= (r + xi) * ((1 - w) / (alpha + T[i]!) + w / (alpha + tx[i]!));
      da += w / a;
      db -= w * inverseBx[k]!;
    }
  }
  if (gradient) {
    gradient[0] = r * dr;
    gradient[1] = alpha * dAlpha;
    gradient[2] = a * da;
    gradient[3] = b * db;
  }
  return sum;
}

/**
 * P(alive | x, tₓ, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x))  (FHL 2005, eq. 11).
 */
export function bgNbdProbabilityAlive(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected purchases in (T, T + t] of a customer with history (x, tₓ, T) (FHL 2005, eq. 10):
 *   P(alive) · (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].
 * With x = tₓ = T = 0 it is E[X(t)] of a customer just acquired (eq. 9).
 *
 * @example
 * bgNbdConditionalExpectedPurchases({ r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, 39, 2, 30.43, 38.86); // ≈ 1.226
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
  { maxSeriesTerms }: { maxSeriesTerms?: number } = {},
): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const logPower = (r + x) * Math.log((alpha + T) / (alpha + T + t));
  const bracket = -Math.expm1(logPower + logHyp2f1(r + x, b + x, a + b + x - 1, z, maxSeriesTerms));
  return bgNbdProbabilityAlive(params, x, tx, T) * ((a + b + x - 1) / (a - 1)) * bracket;
}

/** Starting point of the fit, in log-parameters: r = a = b = 1 and α a tenth of the longest T (lifetimes' scale). */
export function bgNbdStart(data: RepeatPurchaseData): Float64Array {
  checkRepeatPurchaseData('BgNbdModel', data);
  let maxT = 0;
  for (let i = 0; i < data.T.length; i++) maxT = Math.max(maxT, data.T[i]!);
  return new Float64Array([0, Math.log(Math.max(maxT / 10, 1e-3)), 0, 0]);
}

/**
 * P(at least one purchase in (T, T + t]) for history (x, tₓ, T): the customer must be alive, and given
 * alive the posterior of λ is Gamma(r + x, α + T) (drop-out happens only at purchases), so
 *   P = P(alive) · (1 − ((α+T)/(α+T+t))^(r+x)).
 */
export function bgNbdProbabilityOfPurchase(
  params: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha } = params;
  return (
    bgNbdProbabilityAlive(params, x, tx, T) * -Math.expm1((r + x) * Math.log((alpha + T) / (alpha + T + t)))
  );
}
