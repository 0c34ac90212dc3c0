import { describe, expect, it } from 'vitest';
import { loadPredictor } from '../../src/ml/inference/index.ts';
import { PolynomialRegression, polynomialTerms } from '../../src/ml/linear/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { expectAllClose, gaussian, randomMatrix } from './linearTestData.ts';

const truePolynomial = (a: number, b: number, c: number) =>
  1 + 2 * a - 3 * b + 0.5 * a * a + a * b - 0.25 * c * c + 0.1 * a * b * c;

describe('PolynomialRegression', () => {
  it('lists squares and products degree by degree, or products of distinct features only', () => {
    expect(polynomialTerms(2, [0, 1], 2, false, 100)).toEqual([[0], [1], [0, 0], [0, 1], [1, 1]]);
    expect(polynomialTerms(3, [0, 1, 2], 3, true, 100)).toEqual([
      [0],
      [1],
      [2],
      [0, 1],
      [0, 2],
      [1, 2],
      [0, 1, 2],
    ]);
    expect(polynomialTerms(3, [0, 2], 2, false, 100)).toEqual([[0], [1], [2], [0, 0], [0, 2], [2, 2]]);
  });

  it('recovers a known cubic exactly without a penalty, also on fresh points', () => {
    const X = randomMatrix(150, 3, 41);
    const y = Float64Array.from({ length: X.nRows }, (_, i) =>
      truePolynomial(X.columns[0][i], X.columns[1][i], X.columns[2][i]),
    );
    const model = new PolynomialRegression({ degree: 3, alpha: 0 }).fit(X, y);
    const fresh = randomMatrix(30, 3, 42);
    const expected = Array.from({ length: fresh.nRows }, (_, i) =>
      truePolynomial(fresh.columns[0][i], fresh.columns[1][i], fresh.columns[2][i]),
    );
    const predicted = model.predict(fresh);
    for (let i = 0; i < fresh.nRows; i++)
      expect(Math.abs(predicted[i] - expected[i])).toBeLessThan(1e-6 * (1 + Math.abs(expected[i])));
    expect(model.termNames()).toContain('x0·x1·x2');
  });

  it('refuses an expansion above maxTerms with advice, and stays usable at 45 features with a subset', () => {
    const X = randomMatrix(400, 45, 43);
    const rng = createRng(44);
    const y = Float64Array.from(
      { length: X.nRows },
      (_, i) => X.columns[0][i] * X.columns[1][i] + gaussian(rng),
    );
    expect(() => new PolynomialRegression().fit(X, y)).toThrow(
      /1080 terms, above maxTerms 1000\. Pass `features`/,
    );
    const subset = X.featureNames.slice(0, 8);
    const model = new PolynomialRegression({ features: subset, alpha: 1 }).fit(X, y);
    expect(model.toJSON().state.terms).toHaveLength(45 + 36);
    const residual = model.predict(X).reduce((s, p, i) => s + (p - y[i]) ** 2, 0) / X.nRows;
    expect(residual).toBeLessThan(1.5);
  });

  it('refuses a features entry that is not a column', () => {
    const X = randomMatrix(10, 2, 45);
    expect(() => new PolynomialRegression({ features: ['nope'] }).fit(X, X.columns[0])).toThrow(
      /"nope", which is not a column/,
    );
  });

  it('predicts bit-identically after a JSON round-trip, and its explanation sums to the prediction', () => {
    const X = randomMatrix(80, 3, 46);
    const y = Float64Array.from({ length: X.nRows }, (_, i) =>
      truePolynomial(X.columns[0][i], X.columns[1][i], X.columns[2][i]),
    );
    const model = new PolynomialRegression({ degree: 2, interactionOnly: true, alpha: 0.1 }).fit(X, y);
    const predictor = loadPredictor(JSON.parse(JSON.stringify(model.toJSON())));
    const batch = model.predict(X);
    for (let i = 0; i < X.nRows; i++) expect(predictor.predictRow(X.row(i))).toBe(batch[i]);
    const { bias, contributions } = predictor.explainRow(X.row(3));
    expectAllClose([bias + contributions.reduce((a, b) => a + b, 0)], [batch[3]], 10);
    const artifact = model.toJSON();
    const broken = {
      ...artifact,
      state: { ...artifact.state, terms: artifact.state.terms.map((t, k) => (k === 2 ? [7] : t)) },
    };
    expect(() => loadPredictor(broken)).toThrow(/term 2 uses feature 7/);
  });
});
