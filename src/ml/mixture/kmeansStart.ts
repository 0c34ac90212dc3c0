import type { SufficientStatistics } from './expectationMaximization.ts';

/**
 * A starting point for EM: k-means++ seeding (Arthur & Vassilvitskii 2007: each next centre drawn
 * with probability ∝ D², the squared distance to the nearest centre so far), then a few Lloyd
 * iterations; each row then belongs wholly to its nearest centre, and `stats` gets those sums.
 */
export function kmeansStart(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: () => number,
  stats: SufficientStatistics,
  lloydIterations = 5,
): void {
  const centres = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const assignment = new Int32Array(n);
  let chosen = Math.floor(rng() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centres[c * d + j] = X[chosen * d + j];
    let total = 0;
    for (let i = 0; i < n; i++) {
      const distance = squaredDistance(X, i, centres, c, d);
      if (distance < nearest[i]) nearest[i] = distance;
      total += nearest[i];
    }
    if (c === k - 1) break;
    // Inverse-CDF draw over D²; when every row sits on a centre any row will do.
    let target = rng() * total;
    chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
  }
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let iteration = 0; iteration <= lloydIterations; iteration++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const distance = squaredDistance(X, i, centres, c, d);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (assignment[i] !== best || iteration === 0) changed = true;
      assignment[i] = best;
    }
    if (!changed || iteration === lloydIterations) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i];
      counts[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += X[i * d + j];
    }
    // An emptied centre keeps its place rather than jumping to the origin.
    for (let c = 0; c < k; c++)
      if (counts[c] > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / counts[c];
  }
  stats.reset();
  const oneHot = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    oneHot[assignment[i]] = 1;
    stats.add(X, i, oneHot);
    oneHot[assignment[i]] = 0;
  }
}

function squaredDistance(X: Float64Array, i: number, centres: Float64Array, c: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const diff = X[i * d + j] - centres[c * d + j];
    sum += diff * diff;
  }
  return sum;
}
