import { describe, expect, it } from 'vitest';
import {
  discountedLifetimeValue,
  lifetimeValue,
  logGamma,
  logHyp2f1,
  logHyp2f1Shifted,
  ParetoNbdModel,
  type ParetoNbdParameters,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdLifetimeValue,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfPurchase,
} from '../../src/ml/clv/index.ts';
import { simulateTransactions } from '../../src/transactions/index.ts';

/** The CDNOW estimates (BTYD's pnbd.EstimateParameters on the Fader–Hardie–Lee calibration data). */
const cdnow: ParetoNbdParameters = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
/** β ≫ α: the other branch of the likelihood (series expanded around β). */
const slowLeavers: ParetoNbdParameters = { r: 2, alpha: 3, s: 0.3, beta: 30 };

const one = (x: number, tx: number, T: number) => ({
  x: new Float64Array([x]),
  tx: new Float64Array([tx]),
  T: new Float64Array([T]),
});

/**
 * ln ∫∫ exp(logIntegrand(λ, μ)) g(λ; r, α) g(μ; s, β) dλ dμ by Simpson's rule on a 1001 × 1001 grid: the
 * model's definition integrated numerically, independent of the ₂F₁ closed form. With y = rate × scale
 * and u = y^c, c = min(shape, 1), the Gamma density's y^(shape−1) singularity at 0 becomes smooth.
 */
function integrateOverRates(
  { r, alpha, s, beta }: ParetoNbdParameters,
  x: number,
  tx: number,
  logIntegrand: (lambda: number, mu: number) => number,
): number {
  const points = 1001;
  const grid = (shape: number, scale: number, yMax: number) => {
    const c = Math.min(shape, 1);
    const h = yMax ** c / (points - 1);
    const rate = new Float64Array(points);
    const logWeight = new Float64Array(points);
    for (let k = 0; k < points; k++) {
      const u = k * h;
      const y = u ** (1 / c);
      rate[k] = y / scale;
      const simpson = k === 0 || k === points - 1 ? 1 : k % 2 ? 4 : 2;
      const jacobian = shape === c ? 0 : (shape / c - 1) * Math.log(u);
      logWeight[k] = Math.log((simpson * h) / 3) - y + jacobian - Math.log(c) - logGamma(shape);
    }
    return { rate, logWeight };
  };
  // Upper limits: far beyond the posterior of each rate (a Gamma(shape + count, scale + time)).
  const lambdas = grid(r, alpha, (alpha / (alpha + tx)) * (r + x + 12 * Math.sqrt(r + x) + 40));
  const mus = grid(s, beta, (beta / (beta + tx)) * (s + 1 + 12 * Math.sqrt(s + 1) + 40));
  const logs: number[] = [];
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < points; j++) {
      const value = logIntegrand(lambdas.rate[i]!, mus.rate[j]!);
      if (value > Number.NEGATIVE_INFINITY) logs.push(value + lambdas.logWeight[i]! + mus.logWeight[j]!);
    }
  }
  const max = logs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return max + Math.log(logs.reduce((sum, value) => sum + Math.exp(value - max), 0));
}

/** Schmittlein et al. 1987: given λ and μ, alive at T or gone at some τ in (tₓ, T], in logs. */
function logAliveGiven(lambda: number, mu: number, x: number, T: number): number {
  if (lambda === 0 && x > 0) return Number.NEGATIVE_INFINITY;
  return (x > 0 ? x * Math.log(lambda) : 0) - (lambda + mu) * T;
}
function logLikelihoodGiven(lambda: number, mu: number, x: number, tx: number, T: number): number {
  const alive = logAliveGiven(lambda, mu, x, T);
  if (mu === 0 || alive === Number.NEGATIVE_INFINITY) return alive;
  const rate = lambda + mu;
  const gone =
    (x > 0 ? x * Math.log(lambda) : 0) +
    Math.log(mu / rate) -
    rate * tx +
    Math.log(-Math.expm1(-rate * (T - tx)) || Number.MIN_VALUE);
  return Math.max(alive, gone) + Math.log1p(Math.exp(-Math.abs(alive - gone)));
}

function finiteDifference(f: (theta: number[]) => number, theta: number[], j: number): number {
  const h = 1e-6;
  const up = [...theta];
  const down = [...theta];
  up[j]! += h;
  down[j]! -= h;
  return (f(up) - f(down)) / (2 * h);
}

const logParameters = (p: ParetoNbdParameters) => [p.r, p.alpha, p.s, p.beta].map(Math.log);
const fromLogs = ([r, alpha, s, beta]: number[]): ParetoNbdParameters => ({
  r: Math.exp(r!),
  alpha: Math.exp(alpha!),
  s: Math.exp(s!),
  beta: Math.exp(beta!),
});

describe('Pareto/NBD likelihood against the model integrated numerically', () => {
  const cases: [ParetoNbdParameters, number, number, number][] = [
    [cdnow, 0, 0, 38.86],
    [cdnow, 2, 30.43, 38.86],
    [cdnow, 200, 38, 40],
    [cdnow, 1, 40, 40],
    [slowLeavers, 5, 10, 20],
    [slowLeavers, 200, 38, 40],
  ];
  it.each(cases)(
    'ℓ, P(alive) and E[Y(39)] match the double integral over λ and μ (%o, x=%d, tₓ=%d, T=%d)',
    (params, x, tx, T) => {
      const reference = integrateOverRates(params, x, tx, (l, m) => logLikelihoodGiven(l, m, x, tx, T));
      expect(paretoNbdLogLikelihood(params, one(x, tx, T))).toBeCloseTo(reference, 6);
      const alive = integrateOverRates(params, x, tx, (l, m) => logAliveGiven(l, m, x, T));
      expect(paretoNbdProbabilityAlive(params, x, tx, T)).toBeCloseTo(Math.exp(alive - reference), 6);
      // Alive at T with rates λ, μ: λ/μ · (1 − e^(−39μ)) purchases expected in the next 39 units.
      const expected = integrateOverRates(params, x, tx, (l, m) => {
        const perRate = m === 0 ? 39 : -Math.expm1(-39 * m) / m; // its limit 39 at μ = 0
        return l === 0 ? Number.NEGATIVE_INFINITY : logAliveGiven(l, m, x, T) + Math.log(l * perRate);
      });
      const ours = paretoNbdConditionalExpectedPurchases(params, 39, x, tx, T);
      expect(Math.abs(ours / Math.exp(expected - reference) - 1)).toBeLessThan(1e-4);
    },
  );

  it('has the analytic gradient of its log-parameters in both branches (α ≥ β and α < β)', () => {
    const data = {
      x: new Float64Array([0, 1, 2, 7, 200]),
      tx: new Float64Array([0, 1.71, 30.43, 29.43, 38]),
      T: new Float64Array([38.86, 38.86, 38.86, 38.86, 40]),
    };
    for (const params of [cdnow, slowLeavers, { ...cdnow, alpha: 20 }]) {
      const gradient = new Float64Array(4);
      paretoNbdLogLikelihood(params, data, { gradient });
      const ll = (theta: number[]) => paretoNbdLogLikelihood(fromLogs(theta), data);
      for (let j = 0; j < 4; j++) {
        expect(gradient[j]).toBeCloseTo(finiteDifference(ll, logParameters(params), j), 4);
      }
    }
  });
});

describe('Pareto/NBD at the edges', () => {
  it('is continuous and smooth across α = β, where the two ₂F₁ branches meet', () => {
    const data = one(3, 20, 38.86);
    const at = (alpha: number, gradient?: Float64Array) =>
      paretoNbdLogLikelihood({ ...cdnow, alpha, beta: cdnow.beta }, data, { gradient });
    const equal = new Float64Array(4);
    const above = new Float64Array(4);
    const below = new Float64Array(4);
    const value = at(cdnow.beta, equal);
    expect(at(cdnow.beta * (1 + 1e-12), above)).toBeCloseTo(value, 10);
    expect(at(cdnow.beta * (1 - 1e-12), below)).toBeCloseTo(value, 10);
    for (let j = 0; j < 4; j++) {
      expect(above[j]).toBeCloseTo(equal[j]!, 8);
      expect(below[j]).toBeCloseTo(equal[j]!, 8);
    }
    // And the gradient at α = β is the slope of ℓ itself.
    const ll = (theta: number[]) => paretoNbdLogLikelihood(fromLogs(theta), data);
    const theta = logParameters({ ...cdnow, alpha: cdnow.beta });
    for (let j = 0; j < 4; j++) expect(equal[j]).toBeCloseTo(finiteDifference(ll, theta, j), 5);
  });

  it('stays finite, with probabilities in [0, 1], for heavy buyers, long silences and extreme rates', () => {
    const histories: [number, number, number][] = [
      [200, 38, 40],
      [1000, 500, 10_000],
      [0, 0, 10_000],
      [50, 50, 50],
      [3, 0.01, 500],
    ];
    // Scales far apart put z = (max − min)/(max + t) close to 1 for tₓ = 0.
    const extremes: ParetoNbdParameters[] = [
      cdnow,
      { r: 1e-3, alpha: 0.05, s: 1e-3, beta: 50 },
      { r: 1e-3, alpha: 1e-2, s: 1e-3, beta: 1e3 }, // z within 1e-5 of 1
      { r: 50, alpha: 50, s: 20, beta: 0.05 },
      { r: 0.5, alpha: 10, s: 1, beta: 10 },
    ];
    for (const params of extremes) {
      for (const [x, tx, T] of histories) {
        const gradient = new Float64Array(4);
        const ll = paretoNbdLogLikelihood(params, one(x, tx, T), { gradient });
        expect(Number.isFinite(ll), `ℓ ${JSON.stringify(params)} ${x} ${tx} ${T}`).toBe(true);
        for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
        const alive = paretoNbdProbabilityAlive(params, x, tx, T);
        const purchase = paretoNbdProbabilityOfPurchase(params, 13, x, tx, T);
        const expected = paretoNbdConditionalExpectedPurchases(params, 52, x, tx, T);
        expect(alive >= 0 && alive <= 1, `P(alive) ${alive}`).toBe(true);
        expect(purchase >= 0 && purchase <= alive + 1e-12, `P(purchase) ${purchase}`).toBe(true);
        expect(Number.isFinite(expected) && expected >= 0, `E ${expected}`).toBe(true);
      }
    }
  });

  it('uses the limit at s = 1 and is continuous around it', () => {
    const at = (s: number) => paretoNbdConditionalExpectedPurchases({ ...cdnow, s }, 52, 2, 30.43, 38.86);
    expect(at(1)).toBeCloseTo(at(1 + 1e-9), 7);
    expect(at(1)).toBeCloseTo(at(1 - 1e-9), 7);
    // E[X(t)] at s = 1 is rβ/α · ln(1 + t/β).
    const fresh = paretoNbdConditionalExpectedPurchases({ ...cdnow, s: 1 }, 52, 0, 0, 0);
    expect(fresh).toBeCloseTo(((cdnow.r * cdnow.beta) / cdnow.alpha) * Math.log1p(52 / cdnow.beta), 12);
  });

  it('folds the note’s difference of ₂F₁ terms into a sum without changing it', () => {
    // Fader & Hardie's eq. 22 (α ≥ β): the bracket is (α+T)^−(r+x) (β+T)^−s + s/a · (A(tₓ) − A(T)),
    // A(t) = ₂F₁(a, s+1; a+1; (α−β)/(α+t)) / (α+t)^a, with the general series.
    const { r, alpha, s, beta } = { ...cdnow, alpha: 25 };
    const [x, tx, T] = [4, 12.5, 38.86];
    const a = r + s + x;
    const A = (t: number) =>
      Math.exp(logHyp2f1(a, s + 1, a + 1, (alpha - beta) / (alpha + t)) - a * Math.log(alpha + t));
    const bracket = (alpha + T) ** -(r + x) * (beta + T) ** -s + (s / a) * (A(tx) - A(T));
    const head = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    expect(paretoNbdLogLikelihood({ r, alpha, s, beta }, one(x, tx, T))).toBeCloseTo(
      head + Math.log(bracket),
      11,
    );
    expect(logHyp2f1Shifted(a, s + 1, 0.4)).toBeCloseTo(logHyp2f1(a, s + 1, a + 1, 0.4), 13);
  });
});

describe('Pareto/NBD predictions', () => {
  it('expects 1.473 purchases in the first 52 weeks at the CDNOW estimates (BTYD’s pnbd.Expectation)', () => {
    expect(paretoNbdConditionalExpectedPurchases(cdnow, 52, 0, 0, 0)).toBeCloseTo(1.473, 3);
  });

  it('lowers P(alive) after a long silence and gives P(alive) = 1 at T = 0', () => {
    expect(paretoNbdProbabilityAlive(cdnow, 0, 0, 0)).toBeCloseTo(1, 12);
    expect(paretoNbdProbabilityAlive(cdnow, 5, 5, 38.86)).toBeLessThan(
      paretoNbdProbabilityAlive(cdnow, 5, 38, 38.86),
    );
    // Unlike BG/NBD, a customer without repeat purchases also fades: silence is evidence of leaving.
    expect(paretoNbdProbabilityAlive(cdnow, 0, 0, 38.86)).toBeLessThan(
      paretoNbdProbabilityAlive(cdnow, 0, 0, 1),
    );
  });

  it('gives P(purchase) as one minus the posterior customer’s likelihood of no purchase', () => {
    // Monte-Carlo-free check: for a customer surely alive (T = 0), P(no purchase in t) is the prior
    // probability of no purchase in (0, t], i.e. the likelihood of x = 0 over a period t.
    const none = paretoNbdLogLikelihood(cdnow, one(0, 0, 13));
    expect(paretoNbdProbabilityOfPurchase(cdnow, 13, 0, 0, 0)).toBeCloseTo(-Math.expm1(none), 12);
    const p = paretoNbdProbabilityOfPurchase(cdnow, 13, 2, 30.43, 38.86);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(paretoNbdConditionalExpectedPurchases(cdnow, 13, 2, 30.43, 38.86)); // Markov
  });

  it('values a customer like BG/NBD does, through the same discounting', () => {
    const undiscounted = paretoNbdLifetimeValue(cdnow, 40, 2, 30.43, 38.86, {
      horizon: 52,
      discountRatePerPeriod: 0,
      margin: 0.25,
    });
    expect(undiscounted).toBeCloseTo(
      0.25 * 40 * paretoNbdConditionalExpectedPurchases(cdnow, 52, 2, 30.43, 38.86),
      10,
    );
    const discounted = paretoNbdLifetimeValue(cdnow, 40, 2, 30.43, 38.86, { horizon: 52, margin: 0.25 });
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeCloseTo(
      discountedLifetimeValue((t) => paretoNbdConditionalExpectedPurchases(cdnow, t, 2, 30.43, 38.86), 40, {
        horizon: 52,
        margin: 0.25,
      }),
      10,
    );
    const bgnbd = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
    const bgValue = lifetimeValue(bgnbd, 40, 2, 30.43, 38.86, { horizon: 52, margin: 0.25 });
    expect(Math.abs(discounted / bgValue - 1)).toBeLessThan(0.5); // same customer, same order of value
  });
});

describe('ParetoNbdModel as an estimator', () => {
  const data = simulateTransactions({
    customers: 500,
    seed: 9,
    paretoNbd: { r: 0.55, alpha: 10.5, s: 0.6, beta: 11.7 },
  }).truth.exact;

  it('round-trips through JSON and predicts the same numbers', () => {
    const model = new ParetoNbdModel().fit(data);
    const copy = ParetoNbdModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.conditionalExpectedPurchases(39, data)).toEqual(model.conditionalExpectedPurchases(39, data));
    expect(copy.probabilityAlive(data)).toEqual(model.probabilityAlive(data));
    expect(copy.probabilityOfPurchase(13, data)).toEqual(model.probabilityOfPurchase(13, data));
    expect(copy.toJSON().kind).toBe('pareto-nbd');
  });

  it('ends on data without drop-out, where the optimum runs to s → 0, β → ∞, with P(alive) ≈ 1', () => {
    const immortal = simulateTransactions({
      customers: 2000,
      seed: 4,
      paretoNbd: { r: 1, alpha: 10, s: 1, beta: 1e7 },
    }).truth.exact;
    const model = new ParetoNbdModel().fit(immortal);
    const { s, beta, logLikelihood } = model.toJSON().state;
    expect(Number.isFinite(logLikelihood)).toBe(true);
    expect(s / beta).toBeLessThan(1e-4); // a mean lifetime beyond 10⁴ weeks: nobody leaves
    const alive = model.probabilityAlive(immortal);
    expect(alive.every((p) => p > 0.95)).toBe(true);
  });

  it('refuses impossible data, bad artifacts and use before fit with a sentence', () => {
    expect(() =>
      new ParetoNbdModel().fit({
        x: new Float64Array([1]),
        tx: new Float64Array([5]),
        T: new Float64Array([3]),
      }),
    ).toThrow(/ParetoNbdModel: customer 0 has x=1, tx=5, T=3/);
    expect(() => ParetoNbdModel.fromJSON({ kind: 'pareto-nbd', schemaVersion: 1 })).toThrow(
      /Invalid pareto-nbd artifact/,
    );
    expect(() => new ParetoNbdModel().probabilityAlive(data)).toThrow(/not fitted/);
  });
});
