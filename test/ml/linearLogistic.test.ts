import { describe, expect, it } from 'vitest';
import { loadPredictor } from '../../src/ml/inference/index.ts';
import { LogisticRegression } from '../../src/ml/linear/LogisticRegression.ts';
import { newtonLogistic } from '../../src/ml/linear/newtonLogistic.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { rocAuc } from '../../src/ml/metrics/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { columnMoments, expectAllClose, gaussSolve, randomMatrix } from './linearTestData.ts';

/** Plain Newton on the standardised problem, iterated far past convergence: the reference answer. */
function referenceLogistic(X: Matrix, y: Float64Array, weight: Float64Array, C: number) {
  const { means, scales } = columnMoments(X, weight);
  const p = X.nCols;
  const rows = Array.from({ length: X.nRows }, (_, i) => [
    ...X.columns.map((c, j) => (c[i] - means[j]) / scales[j]),
    1,
  ]);
  let beta = new Array<number>(p + 1).fill(0);
  for (let iteration = 0; iteration < 60; iteration++) {
    const g = new Array<number>(p + 1).fill(0);
    const H = Array.from({ length: p + 1 }, () => new Array<number>(p + 1).fill(0));
    rows.forEach((u, i) => {
      const s = u.reduce((acc, v, k) => acc + v * beta[k], 0);
      const prob = 1 / (1 + Math.exp(-s));
      for (let a = 0; a <= p; a++) {
        g[a] += weight[i] * (prob - y[i]) * u[a];
        for (let b = 0; b <= p; b++) H[a][b] += weight[i] * prob * (1 - prob) * u[a] * u[b];
      }
    });
    for (let j = 0; j < p; j++) {
      g[j] += beta[j] / C;
      H[j][j] += 1 / C;
    }
    const step = gaussSolve(H, g);
    beta = beta.map((b, k) => b - step[k]);
  }
  return { coefficients: beta.slice(0, p), intercept: beta[p] };
}

function noisyLabels(X: Matrix, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: X.nRows }, (_, i) => {
    const score = 0.8 * (X.columns[0][i] - 0) - 0.3 * (X.columns[1][i] - 10) + 0.1 * (X.columns[2][i] - 20);
    return rng() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
  });
}

describe('LogisticRegression', () => {
  it('matches a high-precision Newton reference on random data with sample weights', () => {
    const X = randomMatrix(300, 4, 7);
    const y = noisyLabels(X, 8);
    const rng = createRng(9);
    const weight = Float64Array.from({ length: X.nRows }, () => 0.5 + rng());
    const model = new LogisticRegression({ C: 0.3, tol: 1e-12 }).fit(X, y, { sampleWeight: weight });
    const reference = referenceLogistic(X, y, weight, 0.3);
    const { state } = model.toJSON();
    expect(state.converged).toBe(true);
    expectAllClose(state.coefficients, reference.coefficients, 9);
    expect(state.intercept).toBeCloseTo(reference.intercept, 9);
  });

  it('recovers the group rates of a non-separable binary feature (the unpenalised MLE)', () => {
    // x = 0: 1 of 4 positive; x = 1: 3 of 4 positive → P = 0.25 and 0.75
    const X = Matrix.fromRows(['x'], [[0], [0], [0], [0], [1], [1], [1], [1]]);
    const y = Float64Array.of(1, 0, 0, 0, 1, 1, 1, 0);
    const proba = new LogisticRegression({ C: 1e12, tol: 1e-12 }).fit(X, y).predictProba(X);
    expect(proba[0]).toBeCloseTo(0.25, 9);
    expect(proba[4]).toBeCloseTo(0.75, 9);
  });

  it('converges to finite coefficients on separable data, growing as the penalty weakens', () => {
    const X = Matrix.fromRows(['x'], [[-2], [-1], [1], [2]]);
    const y = Float64Array.of(0, 0, 1, 1);
    const weak = new LogisticRegression({ C: 1 }).fit(X, y);
    const weaker = new LogisticRegression({ C: 100 }).fit(X, y);
    for (const model of [weak, weaker]) {
      expect(model.toJSON().state.converged).toBe(true);
      expect(Number.isFinite(model.toJSON().state.coefficients[0])).toBe(true);
      expect(Array.from(model.predict(X))).toEqual([0, 0, 1, 1]);
    }
    expect(weaker.toJSON().state.coefficients[0]).toBeGreaterThan(weak.toJSON().state.coefficients[0]);
    // symmetric data → intercept 0 and P(x = 0) = ½
    expect(weak.toJSON().state.intercept).toBeCloseTo(0, 10);
  });

  it('class weights shift the base rate exactly as the weighted counts say', () => {
    const X = Matrix.fromRows(['constant'], [[1], [1], [1], [1]]);
    const y = Float64Array.of(1, 0, 0, 0);
    const plain = new LogisticRegression({ tol: 1e-12 }).fit(X, y).predictProba(X)[0];
    const weighted = new LogisticRegression({ classWeight: { 0: 1, 1: 3 }, tol: 1e-12 })
      .fit(X, y)
      .predictProba(X)[0];
    const balanced = new LogisticRegression({ classWeight: 'balanced', tol: 1e-12 }).fit(X, y);
    expect(plain).toBeCloseTo(0.25, 10);
    expect(weighted).toBeCloseTo(0.5, 10);
    expect(balanced.predictProba(X)[0]).toBeCloseTo(0.5, 10);
    expect(balanced.toJSON().state.classWeights).toEqual([4 / 6, 2]);
  });

  it('a sample weight of 2 gives the same fit as a duplicated row', () => {
    const X = Matrix.fromRows(
      ['a', 'b'],
      [
        [0, 1],
        [1, 3],
        [2, 2],
        [3, 5],
        [4, 4],
      ],
    );
    const y = Float64Array.of(0, 1, 0, 1, 1);
    const weighted = new LogisticRegression({ tol: 1e-12 }).fit(X, y, {
      sampleWeight: Float64Array.of(2, 1, 1, 1, 1),
    });
    const duplicated = new LogisticRegression({ tol: 1e-12 }).fit(
      Matrix.fromRows(
        ['a', 'b'],
        [
          [0, 1],
          [0, 1],
          [1, 3],
          [2, 2],
          [3, 5],
          [4, 4],
        ],
      ),
      Float64Array.of(0, 0, 1, 0, 1, 1),
    );
    const a = weighted.originalScaleCoefficients();
    const b = duplicated.originalScaleCoefficients();
    expect(a.intercept).toBeCloseTo(b.intercept, 9);
    expectAllClose(a.coefficients, b.coefficients, 9);
  });

  it('explainRow splits the log-odds into coefficient × standardised value per feature', () => {
    const X = randomMatrix(200, 3, 3);
    const model = new LogisticRegression().fit(X, noisyLabels(X, 4));
    const predictor = loadPredictor(JSON.parse(JSON.stringify(model.toJSON())));
    const row = X.row(5);
    const { bias, contributions } = predictor.explainRow(row);
    const logOdds = bias + contributions.reduce((a, b) => a + b, 0);
    expect(1 / (1 + Math.exp(-logOdds))).toBeCloseTo(predictor.predictRow(row), 14);
    const { state } = model.toJSON();
    expect(contributions[1]).toBeCloseTo(
      (state.coefficients[1] * (row[1] - state.inputMeans[1])) / state.inputScales[1],
      14,
    );
  });

  it('refuses missing values, a one-class C of 0 and an artifact with a wrong coefficient count', () => {
    const X = Matrix.fromRows(['a'], [[0], [Number.NaN]]);
    expect(() => new LogisticRegression().fit(X, Float64Array.of(0, 1))).toThrow(
      /NaN; linear models need complete rows/,
    );
    const ok = Matrix.fromRows(['a'], [[0], [1]]);
    expect(() => new LogisticRegression({ C: 0 }).fit(ok, Float64Array.of(0, 1))).toThrow(
      /C must be a finite number > 0/,
    );
    const artifact = new LogisticRegression().fit(ok, Float64Array.of(0, 1)).toJSON();
    const broken = { ...artifact, state: { ...artifact.state, coefficients: [1, 2] } };
    expect(() => loadPredictor(broken)).toThrow(/state.coefficients has 2 entries, expected 1/);
    expect(() => loadPredictor({ ...artifact, schemaVersion: 2 })).toThrow(
      /Invalid logistic-regression artifact/,
    );
    const twoFeatures = new LogisticRegression()
      .fit(
        Matrix.fromRows(
          ['a', 'b'],
          [
            [0, 1],
            [1, 0],
          ],
        ),
        Float64Array.of(0, 1),
      )
      .toJSON();
    expect(() => loadPredictor({ ...twoFeatures, featureNames: ['a', 'a'] })).toThrow(/"a" appears twice/);
  });
});

describe('LogisticRegression on large data', () => {
  it('reaches the same optimum with its subsample warm start as Newton from the base rate', () => {
    const n = 200_000;
    const rng = createRng(12);
    const a = Float64Array.from({ length: n }, () => rng() * 4 - 2);
    const b = Float64Array.from({ length: n }, () => rng() * 10);
    const y = Float64Array.from({ length: n }, (_, i) =>
      rng() < 1 / (1 + Math.exp(-(1.5 * a[i] - 0.2 * b[i] + 1))) ? 1 : 0,
    );
    const X = Matrix.fromColumns(['a', 'b'], [a, b]);
    const model = new LogisticRegression({ tol: 1e-10 }).fit(X, y);
    const { state } = model.toJSON();
    const cold = newtonLogistic(
      X,
      y,
      new Float64Array(n).fill(1),
      Float64Array.from(state.inputMeans),
      Float64Array.from(state.inputScales),
      {
        C: 1,
        tol: 1e-10,
        maxIter: 100,
      },
    );
    expect(state.converged).toBe(true);
    expect(state.nIterations).toBeLessThan(cold.nIterations);
    expectAllClose(state.coefficients, cold.coefficients, 8);
    expect(state.intercept).toBeCloseTo(cold.intercept, 8);
  });

  it('lands within 1e-6 of full-Hessian Newton with Hessians from a row sample, at equal AUC', () => {
    const X = randomMatrix(250_000, 9, 21);
    const y = noisyLabels(X, 22);
    const n = X.nRows;
    const model = new LogisticRegression().fit(X, y);
    const { state } = model.toJSON();
    const exact = newtonLogistic(
      X,
      y,
      new Float64Array(n).fill(1),
      Float64Array.from(state.inputMeans),
      Float64Array.from(state.inputScales),
      { C: 1, tol: 1e-12, maxIter: 100 },
    );
    expect(state.converged).toBe(true);
    const largestDifference = Math.max(
      Math.abs(state.intercept - exact.intercept),
      ...state.coefficients.map((c, j) => Math.abs(c - exact.coefficients[j])),
    );
    expect(largestDifference).toBeLessThan(1e-6);
    const exactModel = loadPredictor({
      ...model.toJSON(),
      state: { ...state, coefficients: Array.from(exact.coefficients), intercept: exact.intercept },
    });
    const exactScores = Float64Array.from({ length: n }, (_, i) => exactModel.predictRow(X.row(i)));
    expect(rocAuc(y, model.predictProba(X))).toBeCloseTo(rocAuc(y, exactScores), 9);
  });

  it('falls back to all rows when the Hessian sample does not represent the data', () => {
    const X = randomMatrix(20_000, 3, 31);
    const y = noisyLabels(X, 32);
    const n = X.nRows;
    const weight = new Float64Array(n).fill(1);
    const moments = columnMoments(X, weight);
    const means = Float64Array.from(moments.means);
    const scales = Float64Array.from(moments.scales);
    // Five rows of one class, weighted up to the whole data: their curvature says little about X's.
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((i) => y[i] === 0).slice(0, 5));
    const hessianSample = {
      rows,
      X: X.takeRows(rows),
      y: Float64Array.from(rows, (i) => y[i]),
      weight: new Float64Array(rows.length).fill(n / rows.length),
    };
    const settings = { C: 1, tol: 1e-10, maxIter: 100 };
    const sampled = newtonLogistic(X, y, weight, means, scales, { ...settings, hessianSample });
    const exact = newtonLogistic(X, y, weight, means, scales, settings);
    expect(sampled.converged).toBe(true);
    expectAllClose(sampled.coefficients, exact.coefficients, 8);
    expect(sampled.intercept).toBeCloseTo(exact.intercept, 8);
  });
});
