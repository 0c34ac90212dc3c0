import { describe, expect, it } from 'vitest';
import { BlockGram, CholeskyError, solveSymmetricPositiveDefinite } from '../../src/ml/linalg/index.ts';
import { createRng } from '../../src/ml/random.ts';
import { expectAllClose, gaussSolve } from './linearTestData.ts';

describe('dense linear algebra', () => {
  it('solves a symmetric positive definite system like Gaussian elimination does', () => {
    const rng = createRng(1);
    const n = 7;
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => rng() - 0.5));
    const A = B.map((_, i) =>
      B.map((__, j) => B.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 0.1 : 0)),
    );
    const b = Array.from({ length: n }, () => rng());
    expectAllClose(solveSymmetricPositiveDefinite(Float64Array.from(A.flat()), n, b), gaussSolve(A, b), 10);
  });

  it('refuses a singular matrix, naming the failing column', () => {
    const singular = Float64Array.of(1, 2, 2, 4);
    expect(() => solveSymmetricPositiveDefinite(singular, 2, [1, 1])).toThrow(CholeskyError);
    expect(() => solveSymmetricPositiveDefinite(singular, 2, [1, 1])).toThrow(/column 1/);
  });

  it('BlockGram accumulates Σ w·z·zᵀ and Σ w·t·z over partial blocks and odd sizes', () => {
    const rng = createRng(2);
    const n = 300;
    const p = 5;
    const columns = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng() - 0.5));
    const weight = Float64Array.from({ length: n }, () => rng());
    const target = Float64Array.from({ length: n }, () => rng());
    const gram = new BlockGram(p, 64);
    for (let start = 0; start < n; start += 64) {
      gram.addColumnBlock(start, Math.min(64, n - start), weight, target, (a, out, offset, s, m) => {
        for (let k = 0; k < m; k++) out[offset + k] = columns[a][s + k];
      });
    }
    const { G, r } = gram.finish();
    for (let a = 0; a < p; a++) {
      let expectedR = 0;
      for (let i = 0; i < n; i++) expectedR += weight[i] * target[i] * columns[a][i];
      expect(r[a]).toBeCloseTo(expectedR, 12);
      for (let b = 0; b < p; b++) {
        let expected = 0;
        for (let i = 0; i < n; i++) expected += weight[i] * columns[a][i] * columns[b][i];
        expect(G[a * p + b]).toBeCloseTo(expected, 12);
      }
    }
  });
});
