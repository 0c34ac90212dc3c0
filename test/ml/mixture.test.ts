import { describe, expect, it } from 'vitest';
import { GaussianMixture, loadMixture, Matrix, selectGaussianMixture } from '../../src/ml/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { gaussian } from './linearTestData.ts';

interface TrueComponent {
  weight: number;
  mean: [number, number];
  /** Lower Cholesky factor [l11, l21, l22] of the covariance. */
  factor: [number, number, number];
}

const TRUTH: TrueComponent[] = [
  { weight: 0.5, mean: [0, 0], factor: [1, 0.6, 0.8] },
  { weight: 0.3, mean: [6, 1], factor: [0.5, 0, 0.5] },
  { weight: 0.2, mean: [-2, 7], factor: [1.5, -0.5, 0.7] },
];

/** Rows drawn from a known two-dimensional mixture; `labels` says which component drew each. */
function drawMixture(n: number, seed: number) {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng();
    let c = 0;
    while (c < TRUTH.length - 1 && u >= TRUTH[c].weight) {
      u -= TRUTH[c].weight;
      c++;
    }
    const { mean, factor } = TRUTH[c];
    const z1 = gaussian(rng);
    const z2 = gaussian(rng);
    a[i] = mean[0] + factor[0] * z1;
    b[i] = mean[1] + factor[1] * z1 + factor[2] * z2;
    labels[i] = c;
  }
  return { X: Matrix.fromColumns(['a', 'b'], [a, b]), labels };
}

/** The fitted component whose mean is nearest a true mean. */
function nearestComponent(means: number[][], target: readonly number[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  means.forEach((mean, c) => {
    const distance = (mean[0] - target[0]) ** 2 + (mean[1] - target[1]) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c;
    }
  });
  return best;
}

function isNonDecreasing(values: readonly number[]): boolean {
  // A rounding-level tolerance: the sums run over thousands of rows.
  return values.every((v, i) => i === 0 || v >= values[i - 1] - 1e-12 * Math.abs(values[i - 1]));
}

describe('GaussianMixture', () => {
  const { X, labels } = drawMixture(6000, 11);

  it('recovers the weights, means and covariances of a known full-covariance mixture', () => {
    const gmm = new GaussianMixture({ nComponents: 3, seed: 3 }).fit(X);
    const { state } = gmm.toJSON();
    expect(state.converged).toBe(true);
    for (const truth of TRUTH) {
      const c = nearestComponent(state.means, truth.mean);
      expect(state.weights[c]).toBeCloseTo(truth.weight, 1);
      expect(state.means[c][0]).toBeCloseTo(truth.mean[0], 1);
      expect(state.means[c][1]).toBeCloseTo(truth.mean[1], 1);
      const [l11, l21, l22] = truth.factor;
      const [s11, s12, , s22] = state.covariances[c];
      expect(Math.abs(s11 - l11 * l11)).toBeLessThan(0.1 * l11 * l11 + 0.02);
      expect(Math.abs(s12 - l11 * l21)).toBeLessThan(0.1);
      expect(Math.abs(s22 - (l21 * l21 + l22 * l22))).toBeLessThan(0.1 * (l21 * l21 + l22 * l22) + 0.02);
    }
    // Nearly every row is assigned to the component that drew it.
    const predicted = gmm.predict(X);
    const mapping = TRUTH.map((t) => nearestComponent(state.means, t.mean));
    let agree = 0;
    for (let i = 0; i < labels.length; i++) if (predicted[i] === mapping[labels[i]]) agree++;
    expect(agree / labels.length).toBeGreaterThan(0.97);
  });

  it('recovers the means with diagonal covariances and reports the variances per feature', () => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType: 'diag', seed: 5 }).fit(X);
    const { state } = gmm.toJSON();
    for (const truth of TRUTH) {
      const c = nearestComponent(state.means, truth.mean);
      expect(state.means[c][0]).toBeCloseTo(truth.mean[0], 1);
      expect(state.covariances[c]).toHaveLength(2);
      expect(state.covariances[c][0]).toBeCloseTo(truth.factor[0] ** 2, 0);
    }
  });

  it('never lets the log-likelihood decrease from one EM iteration to the next', () => {
    for (const seed of [1, 2, 3, 4]) {
      for (const covarianceType of ['full', 'diag'] as const) {
        // regCovar 0: the objective is the plain log-likelihood; with a prior it is the penalised one.
        for (const regCovar of [0, 1e-2]) {
          const gmm = new GaussianMixture({
            nComponents: 5,
            covarianceType,
            regCovar,
            seed,
            nInit: 1,
            tol: 0,
          });
          gmm.fit(X);
          expect(gmm.objectiveHistory.length).toBeGreaterThan(5);
          expect(isNonDecreasing(gmm.objectiveHistory)).toBe(true);
        }
      }
    }
  });

  it('chooses the true number of components by BIC', () => {
    const { best, candidates } = selectGaussianMixture(X, {
      nComponents: [1, 2, 3, 4, 5],
      covarianceTypes: ['full'],
      params: { seed: 2 },
    });
    expect(best.params.nComponents).toBe(3);
    expect(candidates).toHaveLength(5);
    const bics = candidates.map((c) => c.bic);
    expect(Math.min(...bics)).toBe(best.bic(X));
  });

  it('gives the same model for the same seed and predicts identically after a JSON round trip', () => {
    const first = new GaussianMixture({ nComponents: 4, seed: 9 }).fit(X);
    const second = new GaussianMixture({ nComponents: 4, seed: 9 }).fit(X);
    expect(JSON.stringify(second.toJSON())).toBe(JSON.stringify(first.toJSON()));
    const scorer = loadMixture(JSON.parse(JSON.stringify(first.toJSON())));
    const predicted = first.predict(X);
    const proba = first.predictProba(X);
    const out = new Float64Array(4);
    for (let i = 0; i < 200; i++) {
      expect(scorer.assignRow(Float64Array.of(X.get(i, 0), X.get(i, 1)), out)).toBe(predicted[i]);
      expect(out[2]).toBe(proba[2][i]);
    }
    const other = new GaussianMixture({ nComponents: 4, seed: 10, nInit: 1 }).fit(X);
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(first.toJSON()));
  });

  it('fails with a sentence on unusable input and malformed artifacts', () => {
    const bad = Matrix.fromColumns(['a'], [Float64Array.of(1, Number.NaN, 3)]);
    expect(() => new GaussianMixture({ nComponents: 2 }).fit(bad)).toThrow(/row 1 is NaN.*finite numbers/);
    const tiny = Matrix.fromColumns(['a'], [Float64Array.of(1)]);
    expect(() => new GaussianMixture({ nComponents: 2 }).fit(tiny)).toThrow(/at least one row per component/);
    expect(() => new GaussianMixture().predict(X)).toThrow(/not fitted/);
    expect(() => loadMixture({ kind: 'gaussian-mixture', schemaVersion: 1 })).toThrow(
      /Invalid gaussian-mixture/,
    );
  });
});
