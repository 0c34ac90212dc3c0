import { LOG_RESCALE, RESCALE_AT } from './specialFunctions.ts';

/** ∂ ln ₂F₁ / ∂(a, b, z) of {@link logHyp2f1Shifted}, written by it when asked. */
export interface Hyp2f1Gradient {
  /** With c = a + 1 moving with a. */
  a: number;
  b: number;
  z: number;
}

/** Terms a group of series may still spend; each series takes what it used, and throws when none are left. */
export interface SeriesBudget {
  remainingTerms: number;
}

/**
 * ln ₂F₁(a, b; a + 1; z) for a, b > 0 and 0 ≤ z < 1, the form both integrals of the Pareto/NBD
 * likelihood take (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model", eq. 17–22). With
 * c = a + 1 the Gauss series is Σ a/(a+n) · (b)ₙ zⁿ/n!, every term positive; `gradient` receives the
 * derivatives of the log from the same pass (term by term: ∂/∂a n/(a+n)², ∂/∂b Σₖ₍ₖ₌₀…ₙ₋₁₎ 1/(b+k),
 * ∂/∂z n/z), so a fit pays one series per customer and time, not five. That series needs about
 * (b + 40)/(1 − z) terms; for z > 0.7 (a ≤ 8, b ≤ a + 1) {@link nearOne}'s transformation takes over, whose
 * cost does not grow as z → 1. `budget` (default 10 million terms for this call alone) bounds them.
 *
 * @example
 * Math.exp(logHyp2f1Shifted(1, 1, 0.5)); // ₂F₁(1, 1; 2; ½) = 2 ln 2
 */
export function logHyp2f1Shifted(
  a: number,
  b: number,
  z: number,
  gradient?: Hyp2f1Gradient,
  budget: SeriesBudget = { remainingTerms: 10_000_000 },
): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`logHyp2f1Shifted supports a, b > 0 (got a=${a}, b=${b}).`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1Shifted supports 0 ≤ z < 1 (got z=${z}).`);
  if (z > NEAR_ONE && b <= a + 1) {
    if (a <= NEAR_ONE_MAX_A) return nearOne(a, b, z, gradient, budget);
    // A heavy buyer's series with b close to a: Euler's transformation converges in a few dozen terms.
    if (a + 1 - b <= EULER_MAX_SHARE * (a + 1)) return eulerTransformed(a, b, z, gradient, budget);
  }
  return gaussSeries(a, b, z, gradient, budget);
}

/** The Gauss series, summed term by term. */
function gaussSeries(
  a: number,
  b: number,
  z: number,
  gradient?: Hyp2f1Gradient,
  budget: SeriesBudget = { remainingTerms: 10_000_000 },
): number {
  // pOverZ = (b)ₙ zⁿ⁻¹ / n!: the z-derivative needs it at z = 0, where (b)ₙ zⁿ / n! / z is 0/0.
  let pOverZ = b;
  let sum = 1;
  let sumA = 0;
  let sumB = 0;
  let sumZ = 0;
  let harmonicB = 0; // Σₖ₌₀…ₙ₋₁ 1/(b+k)
  let logScale = 0;
  const maxTerms = budget.remainingTerms;
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
      budget.remainingTerms -= n;
      if (gradient) {
        gradient.a = sumA / sum;
        gradient.b = sumB / sum;
        gradient.z = sumZ / sum;
      }
      return logScale + Math.log(sum);
    }
  }
  budget.remainingTerms = 0;
  throw new RangeError(
    `logHyp2f1Shifted(${a}, ${b}; ${a + 1}; ${z}) did not converge within its budget of ${maxTerms} terms.`,
  );
}

/** Past this z the Gauss series (≈ (b + 40)/(1 − z) terms) costs more than {@link nearOne} (≈ 2b + 140). */
const NEAR_ONE = 0.7;
/**
 * {@link nearOne} expands (1 − w)^(a−1) on w ≤ ½, whose alternating terms reach 3^(a−1) times the sum:
 * up to a = 8 that costs at most 4 of 16 digits; beyond, the Gauss series is used whatever z. It also
 * needs b ≤ a + 1 (the terms w^(k−b) with k < b − 1 would cancel), which every Pareto/NBD series meets:
 * b is s, s + 1, r + x or r + x + 1 against a = r + s + x.
 */
const NEAR_ONE_MAX_A = 8;
const SPLIT = 0.5;
const LOG_SPLIT = Math.log(SPLIT);

/**
 * ₂F₁(a, b; a+1; z) = a z^−a ∫₀ᶻ s^(a−1) (1−s)^−b ds (Euler's integral with c − a = 1), split at s = ½:
 *   J = ∫₀^½ … = 2^−a/a · ₂F₁(a, b; a+1; ½)      (the Gauss series at z = ½: fast),
 *   K = ∫_ε^½ (1−w)^(a−1) w^−b dw, ε = 1 − z     (w = 1 − s) = Σₖ cₖ φₖ,
 * with cₖ = (1−a)ₖ/k! the binomial coefficients of (1−w)^(a−1) and φₖ = ∫_ε^½ w^(k−b) dw in closed form
 * φ = ½ᵉ L ψ(−eL), e = k+1−b, L = ln(½/ε), ψ(y) = expm1(y)/y: no pole when b is an integer (e = 0 gives
 * L), where the classical 1 − z transformation (Abramowitz & Stegun 15.3.6) has Γ(1−b) poles that cancel.
 * Terms shrink like 2^−k, so about 60 are needed however close z is to 1.
 */
function nearOne(
  a: number,
  b: number,
  z: number,
  gradient: Hyp2f1Gradient | undefined,
  budget: SeriesBudget,
): number {
  const half: Hyp2f1Gradient = { a: 0, b: 0, z: 0 };
  const logJ = a * LOG_SPLIT - Math.log(a) + gaussSeries(a, b, SPLIT, gradient ? half : undefined, budget);
  const J = Math.exp(logJ);
  const epsilon = 1 - z;
  const L = LOG_SPLIT - Math.log(epsilon);
  let K = 0;
  let dKda = 0;
  let dKdb = 0;
  let c = 1; // cₖ
  let dc = 0; // ∂cₖ/∂a
  for (let k = 0; k < 2000; k++) {
    const e = k + 1 - b;
    const hPower = Math.exp(e * LOG_SPLIT);
    const phi = hPower * L * expm1Ratio(-e * L);
    K += c * phi;
    if (gradient) {
      dKda += dc * phi;
      // ∂φ/∂b = −∂φ/∂e = −(ln ½ · φ − ½ᵉ L² χ(−eL)).
      dKdb -= c * (LOG_SPLIT * phi - hPower * L * L * chi(-e * L));
    }
    const next = (k + 1 - a) / (k + 1);
    dc = dc * next - c / (k + 1);
    c *= next;
    // |cₖ| and |∂cₖ/∂a| shrink no faster than 1/k while φₖ halves: stop once both are negligible.
    if (k > a && (Math.abs(c) + Math.abs(dc)) * hPower * (L + 1) * (L + 1) <= 1e-17 * (J + K)) break;
  }
  budget.remainingTerms -= 60;
  const S = J + K;
  if (gradient) {
    gradient.a = 1 / a - Math.log(z) + (J * (LOG_SPLIT - 1 / a + half.a) + dKda) / S;
    gradient.b = (J * half.b + dKdb) / S;
    // K's lower limit is ε = 1 − z: ∂K/∂z = the integrand at s = z.
    gradient.z = -a / z + Math.exp((a - 1) * Math.log(z) - b * Math.log(epsilon)) / S;
  }
  return Math.log(a) - a * Math.log(z) + Math.log(S);
}

/** expm1(y)/y, 1 at y = 0. */
function expm1Ratio(y: number): number {
  return y === 0 ? 1 : Math.expm1(y) / y;
}

/** χ(y) = ∫₀¹ t e^(yt) dt = (e^y (y−1) + 1)/y², by its series Σ yⁿ/(n! (n+2)) near 0 where that form cancels. */
function chi(y: number): number {
  if (Math.abs(y) > 0.5) return (Math.exp(y) * (y - 1) + 1) / (y * y);
  let term = 1;
  let sum = 0.5;
  for (let n = 1; n < 30; n++) {
    term *= y / n;
    sum += term / (n + 2);
    if (Math.abs(term) < 1e-18) break;
  }
  return sum;
}

/** Euler's form is used when a + 1 − b is at most this share of a + 1 (its terms then fall at least as fast as 2⁻ⁿ at first). */
const EULER_MAX_SHARE = 0.5;

/**
 * Euler's transformation ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) with c = a + 1:
 *   ₂F₁(a, b; a+1; z) = (1−z)^(1−b) G,  G = ₂F₁(1, A; C; z) = Σ (A)ₙ/(C)ₙ zⁿ,  A = a+1−b, C = a+1.
 * Its terms shrink by (A+n)/(C+n) · z: fast when A ≪ C, whatever z (the Gauss series needs ≈ b/(1−z)).
 */
function eulerTransformed(
  a: number,
  b: number,
  z: number,
  gradient: Hyp2f1Gradient | undefined,
  budget: SeriesBudget,
): number {
  const A = a + 1 - b;
  const C = a + 1;
  // tₙ/z and its derivatives in A and C by recurrence (no Σ 1/(A+j): A may be 0, where (A)ₙ = 0 but ∂(A)ₙ/∂A is not).
  let termOverZ = 1;
  let dTermA = 0;
  let dTermC = 0;
  let sum = 1;
  let sumA = 0;
  let sumC = 0;
  let sumZ = 0; // Σ n tₙ / z
  const maxTerms = budget.remainingTerms;
  for (let n = 1; n <= maxTerms; n++) {
    const stepZ = n === 1 ? 1 : z; // tₙ/z = tₙ₋₁/z · (A+n−1)/(C+n−1) · z, and t₁/z = A/C
    const ratio = ((A + n - 1) / (C + n - 1)) * stepZ;
    dTermA = (dTermA * (A + n - 1) + termOverZ) * (stepZ / (C + n - 1));
    dTermC = (dTermC - termOverZ / (C + n - 1)) * ratio;
    termOverZ *= ratio;
    sum += termOverZ * z;
    sumA += dTermA * z;
    sumC += dTermC * z;
    sumZ += n * termOverZ;
    // The next ratios rise towards z: what is left is below (this term) · (n + 1/(1−q))/(1−q), q ≤ z.
    const q = z;
    const size = termOverZ + Math.abs(dTermA) + Math.abs(dTermC);
    if ((size * (n + 1 / (1 - q))) / (1 - q) <= 1e-17 * sum) {
      budget.remainingTerms -= n;
      const logOneMinusZ = Math.log1p(-z);
      if (gradient) {
        // ln F = (1−b) ln(1−z) + ln G(A = a+1−b, C = a+1, z).
        gradient.a = (sumA + sumC) / sum;
        gradient.b = -logOneMinusZ - sumA / sum;
        gradient.z = (b - 1) / (1 - z) + sumZ / sum;
      }
      return (1 - b) * logOneMinusZ + Math.log(sum);
    }
  }
  budget.remainingTerms = 0;
  throw new RangeError(
    `logHyp2f1Shifted(${a}, ${b}; ${a + 1}; ${z}) did not converge within its budget of ${maxTerms} terms.`,
  );
}
