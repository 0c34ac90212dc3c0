/**
 * Wasserstein-1 distance between a reference known only by its 101 quantiles (0 %, 1 %, …, 100 %)
 * and a window's empirical distribution: `W = ∫₀¹ |Q_ref(u) − Q_win(u)| du`.
 *
 * The approximation: `Q_ref` is the piecewise-linear curve through `(k/100, q_k)` (exact at every
 * percentile, linear in between, bounded by the training min and max); `Q_win` is the window's exact
 * step function (`sorted[i]` on `(i/n, (i+1)/n]`). The integral of the two is then computed exactly,
 * piece by piece, in O(n + 101) after the window is sorted. With `weights`, `sortedWindow[i]` stands
 * for `weights[i]` values (a histogram's atoms), its step `weights[i] / Σ weights` wide.
 *
 * @example
 * // Uniform(0, 100) reference against a window holding only 50: ∫|100u − 50| du = 25
 * wassersteinToQuantiles(Array.from({ length: 101 }, (_, k) => k), Float64Array.of(50)); // 25
 */
export function wassersteinToQuantiles(
  referenceQuantiles: readonly number[],
  sortedWindow: Float64Array,
  weights: Float64Array | null = null,
): number {
  const pieces = referenceQuantiles.length - 1;
  if (pieces < 1) throw new Error(`Wasserstein needs at least 2 reference quantiles, got ${pieces + 1}.`);
  const n = sortedWindow.length;
  if (n === 0) return Number.NaN;
  let weightTotal = n;
  if (weights) {
    weightTotal = 0;
    for (let j = 0; j < n; j++) weightTotal += weights[j];
  }
  let cumulative = weights ? weights[0] : 1;
  let total = 0;
  let u = 0;
  let k = 0; // reference piece [k/pieces, (k+1)/pieces]
  let i = 0; // window step (i/n, (i+1)/n]
  while (k < pieces && i < n) {
    const pieceEnd = (k + 1) / pieces;
    const stepEnd = cumulative / weightTotal;
    const end = Math.min(pieceEnd, stepEnd);
    if (end > u) {
      const q0 = referenceQuantiles[k];
      const slope = (referenceQuantiles[k + 1] - q0) * pieces;
      const w = sortedWindow[i];
      total += integralAbsLinear(
        q0 + slope * (u - k / pieces) - w,
        q0 + slope * (end - k / pieces) - w,
        end - u,
      );
      u = end;
    }
    if (pieceEnd <= end) k++;
    if (stepEnd <= end) {
      i++;
      cumulative += weights ? (weights[i] ?? 0) : 1;
    }
  }
  return total;
}

/** ∫ |d(t)| over an interval of `length` where d is linear from d0 to d1 (split where it crosses 0). */
function integralAbsLinear(d0: number, d1: number, length: number): number {
  if (d0 * d1 >= 0) return (length * (Math.abs(d0) + Math.abs(d1))) / 2;
  return (length * (d0 * d0 + d1 * d1)) / (2 * (Math.abs(d0) + Math.abs(d1)));
}
