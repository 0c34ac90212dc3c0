import { describe, expect, it } from 'vitest';
import {
  digamma,
  logAddExp,
  logBeta,
  logGamma,
  logHyp2f1,
  logHyp2f1Shifted,
  minimizeBfgs,
} from '../../src/ml/clv/index.ts';

describe('log-gamma, digamma and 2F1 against known values', () => {
  it('logGamma matches factorials, Γ(1/2) = √π and large arguments', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
    expect(logGamma(1e-5)).toBeCloseTo(11.512919692895824, 10);
    expect(logGamma(0.2426)).toBeCloseTo(1.3197854750907918, 12); // Python's math.lgamma(0.2426)
    expect(
      logGamma(2e7) / (2e7 * Math.log(2e7) - 2e7 - 0.5 * Math.log(2e7) + 0.5 * Math.log(2 * Math.PI)),
    ).toBeCloseTo(1, 12);
    expect(() => logGamma(0)).toThrow(/x must be > 0/);
  });

  it('digamma matches −γ, ψ(1/2) and the recurrence ψ(x+1) = ψ(x) + 1/x', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 13);
    for (const x of [0.01, 0.3, 2.5, 17, 250]) expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 10);
  });

  it('digamma is the derivative of logGamma', () => {
    for (const x of [0.05, 0.8, 3.3, 42]) {
      const h = 1e-6 * Math.max(1, x);
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 6);
    }
  });

  it('logBeta is symmetric and B(1, b) = 1/b', () => {
    expect(logBeta(2.5, 0.7)).toBeCloseTo(logBeta(0.7, 2.5), 14);
    expect(logBeta(1, 4)).toBeCloseTo(-Math.log(4), 14);
  });

  it('logHyp2f1 matches closed forms, including z near 1 and huge parameters', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z
    for (const z of [0, 0.3, 0.9, 0.999]) {
      const expected = z === 0 ? 1 : -Math.log1p(-z) / z;
      expect(Math.exp(logHyp2f1(1, 1, 2, z))).toBeCloseTo(expected, 12);
    }
    // ₂F₁(a, b; b; z) = (1 − z)^(−a), in log space even when it is e^1000
    expect(logHyp2f1(3.5, 2, 2, 0.4)).toBeCloseTo(-3.5 * Math.log(0.6), 11);
    expect(logHyp2f1(1500, 7, 7, 0.49)).toBeCloseTo(-1500 * Math.log(0.51), 7);
    expect(() => logHyp2f1(1, 1, 2, 1)).toThrow(/0 ≤ z < 1/);
  });

  it('logHyp2f1Shifted is ₂F₁(a, b; a+1; z) with the derivatives of its log', () => {
    expect(Math.exp(logHyp2f1Shifted(1, 1, 0.5))).toBeCloseTo(2 * Math.LN2, 14);
    const cases = [
      [3.2, 0.6, 0.3],
      [201.2, 1.6, 0.05],
      [0.7, 201, 0.9],
      [5, 1.5, 0.99],
      [2.5, 3.5, 0],
    ];
    const h = 1e-6;
    for (const [a, b, z] of cases as [number, number, number][]) {
      const gradient = { a: 0, b: 0, z: 0 };
      const value = logHyp2f1Shifted(a, b, z, gradient);
      expect(value).toBeCloseTo(logHyp2f1(a, b, a + 1, z), 11);
      // c = a + 1 moves with a.
      const dA = (logHyp2f1(a + h, b, a + 1 + h, z) - logHyp2f1(a - h, b, a + 1 - h, z)) / (2 * h);
      const dB = (logHyp2f1(a, b + h, a + 1, z) - logHyp2f1(a, b - h, a + 1, z)) / (2 * h);
      const dZ =
        (logHyp2f1(a, b, a + 1, z + h) - logHyp2f1(a, b, a + 1, Math.max(0, z - h))) / (z > 0 ? 2 * h : h);
      expect(gradient.a).toBeCloseTo(dA, 6);
      expect(gradient.b).toBeCloseTo(dB, 6);
      expect(gradient.z / dZ).toBeCloseTo(1, 4);
    }
    expect(() => logHyp2f1Shifted(1, 1, 1)).toThrow(/0 ≤ z < 1/);
  });

  it('logHyp2f1Shifted stays exact as z → 1, integer b included, in a bounded number of terms', () => {
    // Past z = 0.7 it switches to the split Euler integral; the general Gauss series is the reference.
    const h = 1e-6;
    for (const [a, b] of [
      [0.72, 1.72],
      [1.6, 0.6],
      [2, 2],
      [3, 1],
      [7.9, 8.9],
      [0.01, 0.005],
      [20.7, 21.7], // a > 8: Euler's transformation (a heavy buyer's series)
      [200.6, 200.7],
      [50, 30],
    ] as [number, number][]) {
      for (const z of [0.71, 0.99, 0.9999]) {
        const gradient = { a: 0, b: 0, z: 0 };
        const budget = { remainingTerms: 10_000 };
        const value = logHyp2f1Shifted(a, b, z, gradient, budget);
        // Absolute in ln F, relative to its size: the reference sums millions of terms near z = 1.
        const near = (ours: number, reference: number, tolerance: number) =>
          expect(Math.abs(ours - reference)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(reference)));
        near(value, logHyp2f1(a, b, a + 1, z), 1e-10);
        const dA = (logHyp2f1(a + h, b, a + 1 + h, z) - logHyp2f1(a - h, b, a + 1 - h, z)) / (2 * h);
        const dB = (logHyp2f1(a, b + h, a + 1, z) - logHyp2f1(a, b - h, a + 1, z)) / (2 * h);
        // d₂F₁/dz = ab/c · ₂F₁(a+1, b+1; c+1; z).
        const dZ = ((a * b) / (a + 1)) * Math.exp(logHyp2f1(a + 1, b + 1, a + 2, z) - value);
        near(gradient.a, dA, 1e-5); // finite differences of that reference: noise ≈ 1e-12 · ln F / h
        near(gradient.b, dB, 1e-5);
        expect(gradient.z / dZ).toBeCloseTo(1, 9);
        expect(budget.remainingTerms).toBeGreaterThan(9_000);
      }
    }
  });

  it('logAddExp does not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, -3)).toBe(-3);
  });
});

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimizeBfgs(
      (t, g) => {
        const [x, y] = [t[0]!, t[1]!];
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      new Float64Array([-1.2, 1]),
    );
    expect(result.converged).toBe(true);
    expect(result.theta[0]).toBeCloseTo(1, 6);
    expect(result.theta[1]).toBeCloseTo(1, 6);
  });

  it('steps back from points where the objective is not finite', () => {
    // ln-barrier at 0: the first full step would cross it.
    const result = minimizeBfgs(
      (t, g) => {
        const x = t[0]!;
        g[0] = 1 - 1 / x;
        return x > 0 ? x - Math.log(x) : Number.NaN;
      },
      new Float64Array([5]),
      { maxStep: 10 },
    );
    expect(result.theta[0]).toBeCloseTo(1, 6);
  });
});
