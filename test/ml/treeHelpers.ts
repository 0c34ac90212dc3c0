import { Matrix } from '../../src/ml/matrix.ts';
import { createRng } from '../../src/ml/random.ts';

/** A seeded synthetic set with real structure: interactions, a sine, noise features and a few NaNs. */
export function synthetic(nRows: number, seed = 1, nFeatures = 6) {
  const rng = createRng(seed);
  const names = Array.from({ length: nFeatures }, (_, j) => `x${j}`);
  const columns = names.map(() => new Float64Array(nRows));
  const logit = new Float64Array(nRows);
  const y = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nFeatures; j++) columns[j][i] = Math.round(rng() * 1000) / 100;
    if (rng() < 0.02) columns[nFeatures - 1][i] = Number.NaN;
    const x = (j: number) => columns[j][i];
    logit[i] = 0.6 * x(0) - 0.4 * x(1) + 0.08 * x(2) * x(3) + Math.sin(x(4)) - 1.5;
    y[i] = rng() < 1 / (1 + Math.exp(-logit[i])) ? 1 : 0;
  }
  return { X: Matrix.fromColumns(names, columns), y, logit };
}

/** Identity of two arrays down to the bit (Object.is keeps -0 and NaN apart). */
export function bitIdentical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function roundTrip<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
