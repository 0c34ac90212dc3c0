import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPredictor } from '../../src/ml/inference/index.ts';
import { LinearRegression } from '../../src/ml/linear/index.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';
import { columnMoments, expectAllClose, gaussian, gaussSolve, randomMatrix } from './linearTestData.ts';

function linearTarget(X: Matrix, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from(
    { length: X.nRows },
    (_, i) => X.columns.reduce((sum, col, j) => sum + (j % 2 === 0 ? 1.5 : -0.7) * col[i], 3) + gaussian(rng),
  );
}

describe('LinearRegression', () => {
  it('ridge equals the closed form (UᵀWU + αI)⁻¹UᵀW(y − ȳ) on standardised random data', () => {
    const X = randomMatrix(200, 5, 1);
    const y = linearTarget(X, 2);
    const rng = createRng(3);
    const weight = Float64Array.from({ length: X.nRows }, () => 0.2 + rng());
    const alpha = 2.5;
    const model = new LinearRegression({ alpha }).fit(X, y, { sampleWeight: weight });

    const { means, scales } = columnMoments(X, weight);
    const totalWeight = weight.reduce((a, b) => a + b, 0);
    const yMean = y.reduce((s, v, i) => s + weight[i] * v, 0) / totalWeight;
    const U = Array.from({ length: X.nRows }, (_, i) =>
      X.columns.map((c, j) => (c[i] - means[j]) / scales[j]),
    );
    const A = means.map((_, a) =>
      means.map((__, b) => U.reduce((s, u, i) => s + weight[i] * u[a] * u[b], 0) + (a === b ? alpha : 0)),
    );
    const rhs = means.map((_, a) => U.reduce((s, u, i) => s + weight[i] * u[a] * (y[i] - yMean), 0));
    const expected = gaussSolve(A, rhs);

    const { state } = model.toJSON();
    expectAllClose(state.coefficients, expected, 10);
    expect(state.intercept).toBeCloseTo(yMean, 12);
  });

  it('without a penalty predicts exactly like ordinary least squares with an intercept column', () => {
    const X = randomMatrix(120, 4, 5);
    const y = linearTarget(X, 6);
    const rows = Array.from({ length: X.nRows }, (_, i) => [1, ...X.columns.map((c) => c[i])]);
    const A = rows[0].map((_, a) => rows[0].map((__, b) => rows.reduce((s, r) => s + r[a] * r[b], 0)));
    const rhs = rows[0].map((_, a) => rows.reduce((s, r, i) => s + r[a] * y[i], 0));
    const beta = gaussSolve(A, rhs);
    const expected = rows.map((r) => r.reduce((s, v, k) => s + v * beta[k], 0));
    const model = new LinearRegression().fit(X, y);
    expectAllClose(model.predict(X), expected, 8);
    const original = model.originalScaleCoefficients();
    expect(original.intercept).toBeCloseTo(beta[0], 8);
    expectAllClose(original.coefficients, beta.slice(1), 8);
  });

  it('gives a constant feature coefficient 0 and refuses collinear features without a penalty', () => {
    const X = Matrix.fromRows(
      ['a', 'constant', 'twiceA'],
      [
        [1, 5, 2],
        [2, 5, 4],
        [3, 5, 6],
        [5, 5, 10],
      ],
    );
    const y = Float64Array.of(1, 3, 5, 9);
    expect(() => new LinearRegression().fit(X, y)).toThrow(/collinear \(column "twiceA".*Set alpha > 0/);
    const model = new LinearRegression().fit(X.selectColumns(['a', 'constant']), y);
    expect(model.toJSON().state.coefficients[1]).toBe(0);
    expectAllClose(model.predict(X.selectColumns(['a', 'constant'])), [1, 3, 5, 9], 12);
    const ridge = new LinearRegression({ alpha: 0.1 }).fit(X, y);
    expect(Array.from(ridge.predict(X)).every(Number.isFinite)).toBe(true);
  });

  it('predicts bit-identically after a JSON round-trip and explains a row additively', () => {
    const X = randomMatrix(50, 3, 11);
    const model = new LinearRegression({ alpha: 0.5 }).fit(X, linearTarget(X, 12));
    const predictor = loadPredictor(JSON.parse(JSON.stringify(model.toJSON())));
    const batch = model.predict(X);
    for (let i = 0; i < X.nRows; i++) expect(predictor.predictRow(X.row(i))).toBe(batch[i]);
    const { bias, contributions } = predictor.explainRow(X.row(0));
    expect(bias + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(batch[0], 12);
  });

  it('fits the same coefficients whatever the row order (property)', () => {
    const X = randomMatrix(60, 3, 21);
    const y = linearTarget(X, 22);
    const reference = new LinearRegression({ alpha: 0.3 }).fit(X, y).toJSON().state.coefficients;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = createRng(seed);
        const order = Int32Array.from({ length: X.nRows }, (_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        const shuffledY = Float64Array.from(order, (i) => y[i]);
        const coefficients = new LinearRegression({ alpha: 0.3 }).fit(X.takeRows(order), shuffledY).toJSON()
          .state.coefficients;
        return coefficients.every((c, j) => Math.abs(c - reference[j]) < 1e-9 * (1 + Math.abs(reference[j])));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a prediction matrix whose columns differ from the training columns', () => {
    const X = randomMatrix(20, 2, 31);
    const model = new LinearRegression().fit(X, linearTarget(X, 32));
    const renamed = Matrix.fromColumns(['x1', 'x0'], [X.columns[1], X.columns[0]]);
    expect(() => model.predict(renamed)).toThrow(/first mismatch at position 0/);
  });
});
