import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classifier, Regressor } from '../../src/ml/estimator.ts';
import {
  DecisionTreeClassifier,
  DecisionTreeRegressor,
  GradientBoostingClassifier,
  GradientBoostingRegressor,
  LinearRegression,
  LogisticRegression,
  loadPredictor,
  Matrix,
  PolynomialRegression,
  RandomForestClassifier,
  RandomForestRegressor,
} from '../../src/ml/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { gaussian } from './linearTestData.ts';

/** One entry per estimator of src/ml: every one must pass the same contract. */
interface EstimatorCase {
  kind: string;
  isClassifier: boolean;
  /** A fresh estimator; `seed` is ignored by deterministic models. */
  make: (seed: number) => Regressor;
}

const CASES: EstimatorCase[] = [
  { kind: 'linear-regression', isClassifier: false, make: () => new LinearRegression({ alpha: 0.1 }) },
  { kind: 'polynomial-regression', isClassifier: false, make: () => new PolynomialRegression({ degree: 2 }) },
  {
    kind: 'logistic-regression',
    isClassifier: true,
    make: () => new LogisticRegression({ classWeight: 'balanced' }),
  },
  {
    kind: 'decision-tree-classifier',
    isClassifier: true,
    make: (seed) => new DecisionTreeClassifier({ maxDepth: 4, maxFeatures: 'sqrt', seed }),
  },
  {
    kind: 'decision-tree-regressor',
    isClassifier: false,
    make: (seed) => new DecisionTreeRegressor({ maxDepth: 4, maxFeatures: 'sqrt', seed }),
  },
  {
    kind: 'random-forest-classifier',
    isClassifier: true,
    make: (seed) => new RandomForestClassifier({ nEstimators: 5, maxDepth: 4, oobScore: true, seed }),
  },
  {
    kind: 'random-forest-regressor',
    isClassifier: false,
    make: (seed) => new RandomForestRegressor({ nEstimators: 5, maxDepth: 4, oobScore: true, seed }),
  },
  {
    kind: 'gradient-boosting-classifier',
    isClassifier: true,
    make: (seed) =>
      new GradientBoostingClassifier({
        nEstimators: 8,
        maxDepth: 3,
        subsample: 0.8,
        colsampleBytree: 0.75,
        seed,
      }),
  },
  {
    kind: 'gradient-boosting-regressor',
    isClassifier: false,
    make: (seed) =>
      new GradientBoostingRegressor({
        nEstimators: 8,
        maxDepth: 3,
        loss: 'tweedie',
        subsample: 0.8,
        colsampleBytree: 0.75,
        seed,
      }),
  },
];

const FEATURES = ['pagesSoFar', 'cartValueYuan', 'dwellSeconds', 'hourOfDay'];

/** 60 rows, 4 features on different scales; a 0/1 target and a non-negative (revenue-like) target. */
function tinyData(seed: number) {
  const rng = createRng(seed);
  const n = 60;
  const columns = FEATURES.map((_, j) =>
    Float64Array.from({ length: n }, () => (j + 1) * 10 * gaussian(rng) + 5 * j),
  );
  const X = Matrix.fromColumns(FEATURES, columns);
  const score = Float64Array.from({ length: n }, (_, i) => columns[0][i] / 10 - columns[1][i] / 20);
  const binary = score.map((s) => (rng() < 1 / (1 + Math.exp(-s)) ? 1 : 0));
  const revenue = score.map((s) => (rng() < 0.4 ? 0 : Math.exp(1 + s / 4)));
  return { X, binary, revenue };
}

function outputs(model: Regressor, X: Matrix, isClassifier: boolean): Float64Array {
  return isClassifier ? (model as Classifier).predictProba(X) : model.predict(X);
}

describe.each(CASES)('estimator contract: $kind', ({ kind, isClassifier, make }) => {
  const { X, binary, revenue } = tinyData(1);
  const y = isClassifier ? binary : revenue;

  it('fits tiny data and returns one finite prediction per row (probabilities in [0, 1], labels 0/1)', () => {
    const model = make(0);
    expect(model.fit(X, y)).toBe(model);
    const prediction = model.predict(X);
    expect(prediction).toBeInstanceOf(Float64Array);
    expect(prediction).toHaveLength(X.nRows);
    expect(prediction.every(Number.isFinite)).toBe(true);
    if (isClassifier) {
      expect(prediction.every((label) => label === 0 || label === 1)).toBe(true);
      const proba = (model as Classifier).predictProba(X);
      expect(proba).toHaveLength(X.nRows);
      expect(proba.every((p) => p >= 0 && p <= 1)).toBe(true);
    }
  });

  it('writes a plain artifact with its kind, a schema version and the feature names in order', () => {
    const artifact = make(0).fit(X, y).toJSON();
    expect(artifact.kind).toBe(kind);
    expect(Number.isInteger(artifact.schemaVersion)).toBe(true);
    expect(artifact.featureNames).toEqual(FEATURES);
    expect(JSON.parse(JSON.stringify(artifact))).toEqual(artifact);
  });

  it('gives the same model and predictions for the same seed', () => {
    const a = make(7).fit(X, y);
    const b = make(7).fit(X, y);
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    expect(outputs(b, X, isClassifier)).toEqual(outputs(a, X, isClassifier));
  });

  it('predicts bit-identically after a JSON round-trip through loadPredictor', () => {
    const model = make(3).fit(X, y);
    const predictor = loadPredictor(JSON.parse(JSON.stringify(model.toJSON())));
    expect(predictor.kind).toBe(kind);
    const batch = outputs(model, X, isClassifier);
    const row = new Float64Array(X.nCols);
    for (let i = 0; i < X.nRows; i++)
      expect(Object.is(predictor.predictRow(X.row(i, row)), batch[i])).toBe(true);
    const { prediction, bias, contributions } = predictor.explainRow(X.row(0, row));
    expect(contributions).toHaveLength(X.nCols);
    expect(Number.isFinite(bias)).toBe(true);
    for (let i = 0; i < X.nRows; i++) {
      expect(Object.is(predictor.explainRow(X.row(i, row)).prediction, batch[i])).toBe(true);
    }
    expect(Object.is(prediction, batch[0])).toBe(true);
  });

  it('refuses prediction columns that differ from the training columns, and use before fit', () => {
    const model = make(0).fit(X, y);
    const swapped = Matrix.fromColumns(
      [FEATURES[1], FEATURES[0], FEATURES[2], FEATURES[3]],
      [X.columns[1], X.columns[0], X.columns[2], X.columns[3]],
    );
    expect(() => model.predict(swapped)).toThrow(/column/);
    expect(() => model.predict(X.selectColumns(FEATURES.slice(0, 3)))).toThrow(/column/);
    const predictor = loadPredictor(model.toJSON());
    expect(() => predictor.predictRow(new Float64Array(3))).toThrow(/expects 4/);
    expect(() => make(0).predict(X)).toThrow(/not fitted/);
  });

  it('keeps predictions finite on arbitrary finite data (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          {
            minLength: 8,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 0, max: 1000 }),
        (rows, seed) => {
          const data = Matrix.fromRows(['a', 'b'], rows);
          const target = Float64Array.from(rows, ([a], i) =>
            isClassifier ? (a > 0 || i === 0 ? 1 : 0) : Math.abs(a),
          );
          if (isClassifier) target[1] = 1 - target[0];
          const model = make(seed).fit(data, target);
          const out = outputs(model, data, isClassifier);
          return out.every((v) => Number.isFinite(v) && (!isClassifier || (v >= 0 && v <= 1)));
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe.each(CASES.filter((c) => !c.isClassifier))('regressor contract: $kind', ({ make }) => {
  it('fits a constant target and predicts that constant', () => {
    const { X } = tinyData(2);
    const constant = new Float64Array(X.nRows).fill(2.5);
    const prediction = make(0).fit(X, constant).predict(X);
    for (const value of prediction) expect(value).toBeCloseTo(2.5, 9);
  });
});

describe('estimator contract coverage', () => {
  it('covers every artifact kind that loadPredictor serves', async () => {
    const { SUPPORTED_KINDS } = await import('../../src/ml/inference/index.ts');
    expect(CASES.map((c) => c.kind).sort()).toEqual([...SUPPORTED_KINDS].sort());
  });
});
