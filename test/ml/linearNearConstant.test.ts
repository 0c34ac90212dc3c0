import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression, PolynomialRegression } from '../../src/ml/linear/index.ts';
import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';
import { gaussian } from './linearTestData.ts';

const N = 300;
const rng = createRng(12);
const a = Float64Array.from({ length: N }, () => gaussian(rng));
const b = Float64Array.from({ length: N }, () => 5 + gaussian(rng));
// Differs only by rounding: 0.1 + 0.2 is 0.30000000000000004. A scale of 4e-17 used to follow.
const roundingNoise = Float64Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 0.1 + 0.2 : 0.3));
const yReal = Float64Array.from(a, (v, i) => 2 * v - 0.5 * b[i] + 0.3 * v * b[i] + 0.1 * gaussian(rng));
const yBinary = Float64Array.from(a, (v) => (v + 0.7 * gaussian(rng) > 0.2 ? 1 : 0));

const withNoise = new Matrix(['a', 'b', 'flat'], [a, b, roundingNoise]);
const probe = (flat: number) =>
  new Matrix(
    ['a', 'b', 'flat'],
    [Float64Array.of(0.4, -1), Float64Array.of(5.5, 4), Float64Array.of(flat, flat)],
  );

const MODELS = [
  { name: 'LinearRegression (no penalty)', make: () => new LinearRegression({ alpha: 0 }), y: yReal },
  { name: 'LinearRegression', make: () => new LinearRegression(), y: yReal },
  { name: 'PolynomialRegression', make: () => new PolynomialRegression({ degree: 2 }), y: yReal },
  { name: 'LogisticRegression', make: () => new LogisticRegression(), y: yBinary },
] as const;

function predictions(model: LinearRegression | PolynomialRegression | LogisticRegression, X: Matrix) {
  return Array.from(model instanceof LogisticRegression ? model.predictProba(X) : model.predict(X));
}

describe('linear models and near-constant columns (scikit-learn StandardScaler rule)', () => {
  for (const { name, make, y } of MODELS) {
    it(`${name}: a column of rounding noise is constant, so a nearby value predicts as the constant does`, () => {
      const model = make().fit(withNoise, y);
      const atConstant = predictions(model, probe(0.3));
      const nearby = predictions(model, probe(0.31));
      const far = predictions(model, probe(3));
      for (const values of [nearby, far]) {
        for (const [i, v] of values.entries()) expect(v).toBeCloseTo(atConstant[i], 9);
      }
      // And the fit equals the fit without the column.
      const without = make().fit(withNoise.selectColumns(['a', 'b']), y);
      const reference = predictions(without, probe(0.3).selectColumns(['a', 'b']));
      for (const [i, v] of atConstant.entries()) expect(v).toBeCloseTo(reference[i], 6);
    });

    it(`${name}: values beyond 1e154 give an error naming the column, not "invalid artifact"`, () => {
      const huge = Float64Array.from(a, (v) => Math.sign(v) * 1e155);
      const X = new Matrix(['a', 'tooLarge'], [a, huge]);
      expect(() => make().fit(X, y)).toThrow(
        /column "tooLarge" has values up to 1\.00e\+155.*Rescale the column/,
      );
    });
  }

  it('keeps a column whose spread is small but real (timestamps around 1.7e12, a second apart)', () => {
    const ts = Float64Array.from({ length: N }, (_, i) => 1.7e12 + 1000 * i);
    const y = Float64Array.from(ts, (t) => (t - 1.7e12) / 1000);
    const model = new LinearRegression({ alpha: 0 }).fit(new Matrix(['ts'], [ts]), y);
    expect(model.predict(new Matrix(['ts'], [Float64Array.of(1.7e12 + 5000)]))[0]).toBeCloseTo(5, 6);
  });
});
