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

const RESCALE_AT = 1e200;
const LOG_RESCALE = Math.log(RESCALE_AT);

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

/** ∂ ln ₂F₁ / ∂(a, b, z) of {@link logHyp2f1Shifted}, written by it when asked. */
export interface Hyp2f1Gradient {
  /** With c = a + 1 moving with a. */
  a: number;
  b: number;
  z: number;
}

/**
 * ln ₂F₁(a, b; a + 1; z) for a, b > 0 and 0 ≤ z < 1, the form both integrals of the Pareto/NBD
 * likelihood take (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model", eq. 17–22). With
 * c = a + 1 the Gauss series is Σ a/(a+n) · (b)ₙ zⁿ/n!, every term positive; `gradient` receives the
 * derivatives of the log from the same pass (term by term: ∂/∂a n/(a+n)², ∂/∂b Σₖ₍ₖ₌₀…ₙ₋₁₎ 1/(b+k),
 * ∂/∂z n/z), so a fit pays one series per customer and time, not five.
 *
 * @example
 * Math.exp(logHyp2f1Shifted(1, 1, 0.5)); // ₂F₁(1, 1; 2; ½) = 2 ln 2
 */
export function logHyp2f1Shifted(
  a: number,
  b: number,
  z: number,
  gradient?: Hyp2f1Gradient,
  maxTerms = 10_000_000,
): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`logHyp2f1Shifted supports a, b > 0 (got a=${a}, b=${b}).`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1Shifted supports 0 ≤ z < 1 (got z=${z}).`);
  // pOverZ = (b)ₙ zⁿ⁻¹ / n!: the z-derivative needs it at z = 0, where (b)ₙ zⁿ / n! / z is 0/0.
  let pOverZ = b;
  let sum = 1;
  let sumA = 0;
  let sumB = 0;
  let sumZ = 0;
  let harmonicB = 0; // Σₖ₌₀…ₙ₋₁ 1/(b+k)
  let logScale = 0;
  for (let n = 1; n <= maxTerms; n++) {
    const p = pOverZ * z;
    const share = a / (a + n);
    const term = p * share;
    sum += term;
    harmonicB += 1 / (b + n - 1);
    if (gradient) {
      sumA += (p * n) / ((a + n) * (a + n));
      sumB += term * harmonicB;
      sumZ += pOverZ * share * n;
    }
    if (sum > RESCALE_AT) {
      sum /= RESCALE_AT;
      sumA /= RESCALE_AT;
      sumB /= RESCALE_AT;
      sumZ /= RESCALE_AT;
      pOverZ /= RESCALE_AT;
      logScale += LOG_RESCALE;
    }
    const ratio = ((b + n) * z) / (n + 1);
    pOverZ *= ratio;
    // Later ratios stay below q = max(ratio, z) (they move monotonically towards z), so what is left of
    // every sum is below pOverZ · (n + 1/(1−q)) / (1−q) times its own factor (n/(a(a+n)), Σ 1/(b+k), n):
    // stop when that bound is negligible against F itself (the gradient is returned divided by F).
    const q = Math.max(ratio, z);
    if (q < 1 && (pOverZ * (n + 1 / (1 - q)) * (1 + 1 / a + harmonicB)) / (1 - q) <= 1e-17 * sum) {
      if (gradient) {
        gradient.a = sumA / sum;
        gradient.b = sumB / sum;
        gradient.z = sumZ / sum;
      }
      return logScale + Math.log(sum);
    }
  }
  throw new RangeError(`logHyp2f1Shifted(${a}, ${b}; ${a + 1}; ${z}) did not converge in ${maxTerms} terms.`);
}

/** ln(e^u + e^v) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}
