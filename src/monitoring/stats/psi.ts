/** Share that stands in for an empty bin, so `ln(actual / expected)` stays finite (Evidently's choice). */
export const PSI_EPSILON = 1e-4;

/**
 * Population stability index of a window against the reference bins:
 * `PSI = Σ_i (a_i − e_i) · ln(a_i / e_i)`, with `e_i` the reference share of bin i, `a_i` the window
 * share, and any share of 0 replaced by `epsilon`. NaN when the window is empty.
 *
 * @example
 * populationStabilityIndex([0.5, 0.5], [75, 25]); // (0.75−0.5)·ln(1.5) + (0.25−0.5)·ln(0.5) ≈ 0.2747
 */
export function populationStabilityIndex(
  referenceShares: readonly number[],
  windowCounts: ArrayLike<number>,
  epsilon = PSI_EPSILON,
): number {
  if (referenceShares.length !== windowCounts.length) {
    throw new Error(
      `PSI needs one window count per reference bin: ${referenceShares.length} bins, ${windowCounts.length} counts.`,
    );
  }
  let total = 0;
  for (let i = 0; i < windowCounts.length; i++) total += windowCounts[i];
  if (total === 0) return Number.NaN;
  let psi = 0;
  for (let i = 0; i < referenceShares.length; i++) {
    const expected = referenceShares[i] > 0 ? referenceShares[i] : epsilon;
    const actual = windowCounts[i] > 0 ? windowCounts[i] / total : epsilon;
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}
