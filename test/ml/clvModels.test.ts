import { describe, expect, it } from 'vitest';
import {
  BgNbdModel,
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  GammaGammaModel,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  lifetimeValue,
} from '../../src/ml/clv/index.ts';

const bgnbd = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const data = {
  x: new Float64Array([0, 1, 2, 7, 200]),
  tx: new Float64Array([0, 1.71, 30.43, 29.43, 38]),
  T: new Float64Array([38.86, 38.86, 38.86, 38.86, 40]),
};

function finiteDifference(f: (theta: number[]) => number, theta: number[], j: number): number {
  const h = 1e-6;
  const up = [...theta];
  const down = [...theta];
  up[j]! += h;
  down[j]! -= h;
  return (f(up) - f(down)) / (2 * h);
}

describe('BG/NBD likelihood', () => {
  it('stays finite and smooth for a heavy buyer (x = 200, tx = 38, T = 40)', () => {
    const heavy = { x: new Float64Array([200]), tx: new Float64Array([38]), T: new Float64Array([40]) };
    const ll = bgNbdLogLikelihood(bgnbd, heavy);
    // The naive form multiplies Γ(r + 200) by (α + T)^−200; in log space it matches the likelihood
    // integrated numerically over λ and p (trapezoid rule on 200,001 points each, done with SciPy): 98.80382.
    expect(ll).toBeCloseTo(98.80382, 3);
    expect(bgNbdProbabilityAlive(bgnbd, 200, 38, 40)).toBeGreaterThan(0);
    expect(Number.isFinite(bgNbdConditionalExpectedPurchases(bgnbd, 39, 200, 38, 40))).toBe(true);
  });

  it('has the analytic gradient of its log-parameters', () => {
    const gradient = new Float64Array(4);
    bgNbdLogLikelihood(bgnbd, data, undefined, gradient);
    const ll = ([lr, la, lA, lb]: number[]) =>
      bgNbdLogLikelihood(
        { r: Math.exp(lr!), alpha: Math.exp(la!), a: Math.exp(lA!), b: Math.exp(lb!) },
        data,
      );
    const theta = [bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b].map(Math.log);
    for (let j = 0; j < 4; j++) expect(gradient[j]).toBeCloseTo(finiteDifference(ll, theta, j), 5);
  });

  it('gives P(alive) = 1 without repeat purchases and lower P(alive) after a long silence', () => {
    expect(bgNbdProbabilityAlive(bgnbd, 0, 0, 38.86)).toBe(1);
    expect(bgNbdProbabilityAlive(bgnbd, 5, 5, 38.86)).toBeLessThan(
      bgNbdProbabilityAlive(bgnbd, 5, 38, 38.86),
    );
  });

  it('expects more purchases over a longer horizon, and none over an empty one', () => {
    expect(bgNbdConditionalExpectedPurchases(bgnbd, 0, 2, 30.43, 38.86)).toBe(0);
    const week = bgNbdConditionalExpectedPurchases(bgnbd, 1, 2, 30.43, 38.86);
    const year = bgNbdConditionalExpectedPurchases(bgnbd, 52, 2, 30.43, 38.86);
    expect(week).toBeGreaterThan(0);
    expect(year).toBeGreaterThan(week);
  });
});

describe('Gamma-Gamma likelihood', () => {
  const spend = { x: new Float64Array([1, 2, 7, 200]), zbar: new Float64Array([11.77, 22.35, 73.74, 30]) };
  const gg = { p: 6.25, q: 3.74, v: 15.44 };

  it('has the analytic gradient of its log-parameters', () => {
    const logZbar = spend.zbar.map(Math.log);
    const gradient = new Float64Array(3);
    gammaGammaLogLikelihood(gg, spend, logZbar, undefined, gradient);
    const ll = ([lp, lq, lv]: number[]) =>
      gammaGammaLogLikelihood({ p: Math.exp(lp!), q: Math.exp(lq!), v: Math.exp(lv!) }, spend, logZbar);
    const theta = [gg.p, gg.q, gg.v].map(Math.log);
    for (let j = 0; j < 3; j++) expect(gradient[j]).toBeCloseTo(finiteDifference(ll, theta, j), 5);
  });

  it('shrinks a customer’s mean spend towards the population mean, less so with more purchases', () => {
    const population = (gg.p * gg.v) / (gg.q - 1);
    expect(gammaGammaExpectedSpend(gg, 0, 0)).toBeCloseTo(population, 12);
    const few = gammaGammaExpectedSpend(gg, 1, 100);
    const many = gammaGammaExpectedSpend(gg, 50, 100);
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
    expect(() => gammaGammaExpectedSpend({ ...gg, q: 0.9 }, 1, 10)).toThrow(/infinite/);
  });
});

describe('CLV models as estimators', () => {
  it('round-trip through JSON and predict the same numbers', () => {
    const model = new BgNbdModel().fit(data);
    const copy = BgNbdModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.conditionalExpectedPurchases(39, data)).toEqual(model.conditionalExpectedPurchases(39, data));
    expect(copy.probabilityAlive(data)).toEqual(model.probabilityAlive(data));
    const spend = { x: data.x, zbar: new Float64Array([0, 12, 20, 31, 40]) };
    const gg = new GammaGammaModel().fit(spend);
    expect(GammaGammaModel.fromJSON(JSON.parse(JSON.stringify(gg))).expectedSpend(spend)).toEqual(
      gg.expectedSpend(spend),
    );
    expect(gg.toJSON().state.customers).toBe(4); // the customer without repeat purchases carries no spend information
  });

  it('refuse impossible data and bad artifacts with a sentence', () => {
    expect(() =>
      new BgNbdModel().fit({ x: new Float64Array([1]), tx: new Float64Array([5]), T: new Float64Array([3]) }),
    ).toThrow(/customer 0 has x=1, tx=5, T=3/);
    expect(() =>
      new BgNbdModel().fit({ x: new Float64Array([0]), tx: new Float64Array([1]), T: new Float64Array([3]) }),
    ).toThrow(/tx = 0 when x = 0/);
    expect(() => BgNbdModel.fromJSON({ kind: 'bg-nbd', schemaVersion: 1 })).toThrow(
      /Invalid bg-nbd artifact/,
    );
    expect(() => new BgNbdModel().probabilityAlive(data)).toThrow(/not fitted/);
  });

  it('values a customer at margin × spend × discounted expected purchases', () => {
    const purchases = bgNbdConditionalExpectedPurchases(bgnbd, 52, 2, 30.43, 38.86);
    const undiscounted = lifetimeValue(bgnbd, 40, 2, 30.43, 38.86, {
      horizon: 52,
      periods: 12,
      discountRatePerPeriod: 0,
      margin: 0.25,
    });
    expect(undiscounted).toBeCloseTo(0.25 * 40 * purchases, 10);
    const discounted = lifetimeValue(bgnbd, 40, 2, 30.43, 38.86, { horizon: 52, margin: 0.25 });
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / 1.01 ** 12);
    expect(() => lifetimeValue(bgnbd, 40, 2, 30.43, 38.86, { horizon: 52, periods: 0 })).toThrow(/periods/);
  });
});
