/**
 * Jensen–Shannon distance between two discrete distributions given as counts or shares (each is
 * normalised): `sqrt(JS)`, `JS = ½·KL(p‖m) + ½·KL(q‖m)`, `m = ½(p + q)`, in bits (log base 2), so the
 * distance lies in [0, 1] and empty categories need no ε (0·log 0 = 0). scipy's
 * `jensenshannon(p, q, base=2)`. NaN when either side is empty.
 *
 * @example
 * jensenShannonDistance([99, 1], [95, 5]); // ≈ 0.104 (a flag from 1 % to 5 %)
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) {
    throw new Error(
      `Jensen–Shannon needs two distributions over the same categories: ${p.length} vs ${q.length}.`,
    );
  }
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < p.length; i++) {
    pTotal += p[i];
    qTotal += q[i];
  }
  if (!(pTotal > 0 && qTotal > 0)) return Number.NaN;
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / pTotal;
    const qi = q[i] / qTotal;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log2(pi / mi);
    if (qi > 0) divergence += 0.5 * qi * Math.log2(qi / mi);
  }
  // Rounding can leave a hair below 0 for identical inputs.
  return Math.sqrt(Math.max(divergence, 0));
}
