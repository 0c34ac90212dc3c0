// Special functions the CLV likelihoods need, written here because they are short and testable against
// known values (test/ml/clvSpecialFunctions.test.ts); a numeric package would bring far more than these.

const LANCZOS_G = 7;
// Lanczos coefficients for g = 7, n = 9 (Numerical Recipes 3rd ed., §6.1; relative error < 1e-15).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * ln Γ(x) for x > 0 (Lanczos approximation; reflection below 0.5).
 *
 * @example
 * logGamma(0.5); // 0.5723649429247001 = ln √π
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    if (x <= 0) throw new RangeError(`logGamma: x must be > 0 (got ${x}).`);
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  if (x > 1e7) {
    // Stirling's series: the Lanczos sum loses relative accuracy far out, the series gains it.
    const inverse = 1 / x;
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + inverse / 12 - (inverse * inverse * inverse) / 360;
  }
  const shifted = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (shifted + i);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The digamma function ψ(x) = d ln Γ(x) / dx for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to
 * x ≥ 10, then the asymptotic series (Abramowitz & Stegun 6.3.18).
 *
 * @example
 * digamma(1); // −0.5772156649015329 (minus the Euler–Mascheroni constant)
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma: x must be > 0 (got ${x}).`);
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inverseSquare = 1 / (x * x);
  const series =
    inverseSquare *
    (1 / 12 -
      inverseSquare *
        (1 / 120 - inverseSquare * (1 / 252 - inverseSquare * (1 / 240 - inverseSquare / 132))));
  return result + Math.log(x) - 0.5 / x - series;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Series sums are divided by this when they pass it (and the log of it counted), so they never overflow. */
export const RESCALE_AT = 1e200;
export const LOG_RESCALE = Math.log(RESCALE_AT);

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, by the Gauss series (every term positive, so the
 * sum is exact up to rounding). The running sum is rescaled when it grows past 1e200, which keeps
 * customers with hundreds of purchases (terms around e^300) finite; the log is what callers multiply with.
 *
 * @example
 * Math.exp(logHyp2f1(1, 1, 2, 0.5)); // 2 ln 2 = 1.3862943611198906
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 10_000_000): number {
  if (!(a > 0 && b > 0 && c > 0)) {
    throw new RangeError(`logHyp2f1 supports a, b, c > 0 (got a=${a}, b=${b}, c=${c}).`);
  }
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1 supports 0 ≤ z < 1 (got z=${z}).`);
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (sum > RESCALE_AT) {
      sum /= RESCALE_AT;
      term /= RESCALE_AT;
      logScale += LOG_RESCALE;
    }
    // Once the ratio falls below 1 the terms only shrink (towards z per step): stop when they no longer count.
    if (ratio < 1 && term < sum * 1e-17) return logScale + Math.log(sum);
  }
  throw new RangeError(`logHyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms.`);
}

/** ln(e^u + e^v) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}
