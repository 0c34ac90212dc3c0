import { type HistoryGroups, historyGroups } from './historyGroups.ts';
import { type Hyp2f1Gradient, logHyp2f1Shifted, type SeriesBudget } from './hyp2f1Shifted.ts';
import { checkRepeatPurchaseData, type RepeatPurchaseData } from './repeatPurchaseData.ts';
import { digamma, logGamma } from './specialFunctions.ts';

/**
 * The four Pareto/NBD parameters (Schmittlein, Morrison & Colombo 1987): while alive a customer buys at
 * rate λ ~ Gamma(r, α) and stays alive for an exponential lifetime of rate μ ~ Gamma(s, β).
 */
export interface ParetoNbdParameters {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Per-level constants of one customer's bracket: what depends on x alone. */
interface LevelTerms {
  x: number;
  /** a = r + s + x, the first ₂F₁ parameter and the power of the scale. */
  a: number;
  /** b of the series of U (the tₓ term) and of V (the T term). */
  bU: number;
  bV: number;
  /** ln(s/a) and ln((r+x)/a): the coefficients of U and V. */
  logCoefU: number;
  logCoefV: number;
}

/** One summed ₂F₁ of the bracket: ln F and the derivatives of ln F in (a, b, z). */
interface SeriesValue extends Hyp2f1Gradient {
  logF: number;
}

/**
 * ln L − ln(Γ(r+x) αʳ βˢ / Γ(r)) for one customer: the log of the bracket
 *   U + V,  U = s/a · ₂F₁(a, bU; a+1; (m−n)/(m+tₓ)) / (m+tₓ)ᵃ,  V = (r+x)/a · ₂F₁(a, bV; a+1; (m−n)/(m+T)) / (m+T)ᵃ,
 * with m = max(α, β), n = min(α, β); bU = s+1, bV = s when α ≥ β and bU = r+x, bV = r+x+1 otherwise.
 *
 * Fader & Hardie's note (eq. 22) writes the bracket as (α+T)^−(r+x) (β+T)^−s + s/a · (A(tₓ) − A(T)), a
 * difference of two ₂F₁ terms; the contiguous relation (r+x)/a F(a, s; a+1; z) + s/a F(a, s+1; a+1; z) =
 * (1−z)^−s folds the first term into the second, leaving U + V: a sum of positive terms, so nothing
 * cancels when tₓ ≈ T, and both branches give F = 1 at α = β (z = 0), where they meet smoothly.
 * Expanding around the larger scale keeps 0 ≤ z < 1.
 */
function logBracket(
  params: ParetoNbdParameters,
  level: LevelTerms,
  tx: number,
  T: number,
  gradient?: Float64Array,
): number {
  const U: SeriesValue = { logF: 0, a: 0, b: 0, z: 0 };
  const V: SeriesValue = { logF: 0, a: 0, b: 0, z: 0 };
  sumSeries(params, level, tx, level.bU, U);
  sumSeries(params, level, T, level.bV, V);
  return combineBracket(params, level, tx, T, U, V, gradient);
}

/** Sum the bracket's ₂F₁ at time t (tₓ for U, T for V) with the given b into `out`. */
function sumSeries(
  { alpha, beta }: ParetoNbdParameters,
  level: LevelTerms,
  t: number,
  b: number,
  out: SeriesValue,
  budget?: SeriesBudget,
): void {
  const m = Math.max(alpha, beta);
  const n = Math.min(alpha, beta);
  out.logF = logHyp2f1Shifted(level.a, b, (m - n) / (m + t), out, budget);
}

/** ln(U + V) from the two summed series, and its gradient in (r, α, s, β) when asked. */
function combineBracket(
  { r, alpha, s, beta }: ParetoNbdParameters,
  level: LevelTerms,
  tx: number,
  T: number,
  gU: SeriesValue,
  gV: SeriesValue,
  gradient?: Float64Array,
): number {
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const n = alphaLarger ? beta : alpha;
  const { a, x } = level;
  const logMtx = Math.log(m + tx);
  const logMT = Math.log(m + T);
  const logU = level.logCoefU - a * logMtx + gU.logF;
  const logV = level.logCoefV - a * logMT + gV.logF;
  const d = logU - logV;
  const logSum = d > 0 ? logU + Math.log1p(Math.exp(-d)) : logV + Math.log1p(Math.exp(d));
  if (gradient) {
    // w = U / (U + V): each partial of ln(U + V) is the w-weighted mix of the partials of ln U and ln V.
    const w = d > 0 ? 1 / (1 + Math.exp(-d)) : Math.exp(d) / (1 + Math.exp(d));
    const v = 1 - w;
    // ∂/∂a (a moves with r and with s): −1/a from the coefficient, −ln(m+t) from the power, and the series.
    const dA = w * (gU.a - logMtx) + v * (gV.a - logMT) - 1 / a;
    const dB = w * gU.b + v * gV.b;
    // z = (m−n)/(m+t): ∂z/∂m = (n+t)/(m+t)², ∂z/∂n = −1/(m+t).
    const dM =
      w * (gU.z * ((n + tx) / ((m + tx) * (m + tx))) - a / (m + tx)) +
      v * (gV.z * ((n + T) / ((m + T) * (m + T))) - a / (m + T));
    const dN = -(w * gU.z) / (m + tx) - (v * gV.z) / (m + T);
    gradient[0] = dA + v / (r + x) + (alphaLarger ? 0 : dB); // r
    gradient[1] = alphaLarger ? dM : dN; // alpha
    gradient[2] = dA + w / s + (alphaLarger ? dB : 0); // s
    gradient[3] = alphaLarger ? dN : dM; // beta
  }
  return logSum;
}

function levelTerms({ r, alpha, s, beta }: ParetoNbdParameters, x: number): LevelTerms {
  const a = r + s + x;
  const alphaLarger = alpha >= beta;
  return {
    x,
    a,
    bU: alphaLarger ? s + 1 : r + x,
    bV: alphaLarger ? s : r + x + 1,
    logCoefU: Math.log(s) - Math.log(a),
    logCoefV: Math.log(r + x) - Math.log(a),
  };
}

/**
 * The Pareto/NBD log-likelihood summed over customers (Fader & Hardie 2005 note, eq. 22, in the
 * positive-sum form of {@link logBracket}), in log space, so x = 200, tₓ = 38, T = 40 stays finite:
 *   ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln(U + V).
 * `data` may be the customers or their {@link historyGroups} (a fit groups once and passes the groups:
 * each ₂F₁ is then summed once per distinct (x, time), each bracket once per distinct history).
 * When `gradient` is given it receives ∂ℓ/∂(ln r, ln α, ln s, ln β): the fit works on log-parameters.
 * `seriesBudget` bounds the ₂F₁ terms of the whole pass (a fit passes one so that a trial point far out,
 * where one scale dwarfs the other and the series grow long, fails fast instead of stalling); without
 * it each series may take 10 million terms.
 */
export function paretoNbdLogLikelihood(
  params: ParetoNbdParameters,
  data: RepeatPurchaseData | HistoryGroups,
  { gradient, seriesBudget }: { gradient?: Float64Array; seriesBudget?: SeriesBudget } = {},
): number {
  const groups = 'weight' in data ? data : historyGroups(data);
  const { r, alpha, s, beta } = params;
  const { values, counts, levelOf } = groups.levels;
  const terms = Array.from(values, (xk) => levelTerms(params, xk));
  const logGammaR = logGamma(r);
  const digammaR = gradient ? digamma(r) : 0;
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  let sum = 0;
  let dr = 0;
  let dAlpha = 0;
  let ds = 0;
  let dBeta = 0;
  for (let k = 0; k < values.length; k++) {
    const n = counts[k]!;
    sum += n * (logGamma(r + values[k]!) - logGammaR + r * logAlpha + s * logBeta);
    if (gradient) {
      dr += n * (digamma(r + values[k]!) - digammaR + logAlpha);
      dAlpha += (n * r) / alpha;
      ds += n * logBeta;
      dBeta += (n * s) / beta;
    }
  }
  const seriesU = sumAllSeries(params, terms, groups.pairsU, 'bU', seriesBudget);
  const seriesV = sumAllSeries(params, terms, groups.pairsV, 'bV', seriesBudget);
  const U: SeriesValue = { logF: 0, a: 0, b: 0, z: 0 };
  const V: SeriesValue = { logF: 0, a: 0, b: 0, z: 0 };
  const group = gradient ? new Float64Array(4) : undefined;
  const { x, tx, T, weight } = groups;
  for (let g = 0; g < x.length; g++) {
    seriesU.read(groups.pairsU.of[g]!, U);
    seriesV.read(groups.pairsV.of[g]!, V);
    const w = weight[g]!;
    sum += w * combineBracket(params, terms[levelOf[g]!]!, tx[g]!, T[g]!, U, V, group);
    if (group) {
      dr += w * group[0]!;
      dAlpha += w * group[1]!;
      ds += w * group[2]!;
      dBeta += w * group[3]!;
    }
  }
  if (gradient) {
    gradient[0] = r * dr;
    gradient[1] = alpha * dAlpha;
    gradient[2] = s * ds;
    gradient[3] = beta * dBeta;
  }
  return sum;
}

/** Every (x level, time) series of U or V in one pass, as parallel arrays. */
function sumAllSeries(
  params: ParetoNbdParameters,
  terms: LevelTerms[],
  pairs: HistoryGroups['pairsU'],
  which: 'bU' | 'bV',
  budget?: SeriesBudget,
) {
  const count = pairs.level.length;
  const logF = new Float64Array(count);
  const dA = new Float64Array(count);
  const dB = new Float64Array(count);
  const dZ = new Float64Array(count);
  const out: SeriesValue = { logF: 0, a: 0, b: 0, z: 0 };
  for (let j = 0; j < count; j++) {
    const level = terms[pairs.level[j]!]!;
    sumSeries(params, level, pairs.time[j]!, level[which], out, budget);
    logF[j] = out.logF;
    dA[j] = out.a;
    dB[j] = out.b;
    dZ[j] = out.z;
  }
  return {
    read(j: number, into: SeriesValue): void {
      into.logF = logF[j]!;
      into.a = dA[j]!;
      into.b = dB[j]!;
      into.z = dZ[j]!;
    },
  };
}

/** ln of one customer's likelihood (the summed form's single term). */
function logLikelihoodOne(params: ParetoNbdParameters, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  return (
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    s * Math.log(beta) +
    logBracket(params, levelTerms(params, x), tx, T)
  );
}

/**
 * P(alive at T | x, tₓ, T) = (α+T)^−(r+x) (β+T)^−s / (U + V)  (Fader & Hardie 2005 note, eq. 18 over
 * eq. 22: the likelihood of "still alive at T" over the likelihood of the history).
 */
export function paretoNbdProbabilityAlive(
  params: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = params;
  const logAliveTerm = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return Math.min(1, Math.exp(logAliveTerm - logBracket(params, levelTerms(params, x), tx, T)));
}

/**
 * Expected purchases in (T, T + t] of a customer alive at T with x purchases: the posterior rates are
 * λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T), so (Fader & Hardie 2005 note, eq. 28)
 *   E = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)].
 * The bracket over (s−1) is written expm1((1−s)·L)/(1−s) with L = ln(1 + t/(β+T)): no 0/0 near s = 1,
 * and exactly L (the limit) at s = 1.
 */
export function paretoNbdExpectedPurchasesIfAlive(
  { r, alpha, s, beta }: ParetoNbdParameters,
  t: number,
  x: number,
  T: number,
): number {
  if (t === 0) return 0;
  const L = Math.log1p(t / (beta + T));
  const growth = s === 1 ? L : Math.expm1((1 - s) * L) / (1 - s);
  return ((r + x) / (alpha + T)) * (beta + T) * growth;
}

/**
 * Expected purchases in (T, T + t] for history (x, tₓ, T): P(alive) times the expectation if alive.
 * With x = tₓ = T = 0 it is E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] of a customer just acquired.
 *
 * @example
 * paretoNbdConditionalExpectedPurchases({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, 52, 0, 0, 0); // ≈ 1.473
 */
export function paretoNbdConditionalExpectedPurchases(
  params: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t === 0) return 0;
  return paretoNbdProbabilityAlive(params, x, tx, T) * paretoNbdExpectedPurchasesIfAlive(params, t, x, T);
}

/**
 * P(at least one purchase in (T, T + t]) for history (x, tₓ, T). Given alive at T the customer is a
 * fresh Pareto/NBD customer with parameters (r+x, α+T, s, β+T), and "no purchase in the next t" is
 * exactly that customer's likelihood of x = 0, tₓ = 0 over a period t; so
 *   P = P(alive) · (1 − L(r+x, α+T, s, β+T | 0, 0, t)).
 */
export function paretoNbdProbabilityOfPurchase(
  params: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t === 0) return 0;
  const { r, alpha, s, beta } = params;
  const posterior = { r: r + x, alpha: alpha + T, s, beta: beta + T };
  const none = logLikelihoodOne(posterior, 0, 0, t);
  return paretoNbdProbabilityAlive(params, x, tx, T) * -Math.expm1(Math.min(0, none));
}

/**
 * Starting point of the fit, in log-parameters: r = s = 1 and α = β a tenth of the longest T (the
 * scale of BG/NBD's start); α = β puts every ₂F₁ at z = 0, where its series is one term.
 */
export function paretoNbdStart(data: RepeatPurchaseData): Float64Array {
  checkRepeatPurchaseData('ParetoNbdModel', data);
  let maxT = 0;
  for (let i = 0; i < data.T.length; i++) maxT = Math.max(maxT, data.T[i]!);
  const logScale = Math.log(Math.max(maxT / 10, 1e-3));
  return new Float64Array([0, logScale, 0, logScale]);
}
