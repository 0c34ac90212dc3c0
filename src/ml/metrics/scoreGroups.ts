/**
 * Sums of two per-row quantities for every distinct score, highest score first. Tied scores form
 * one group, which is how the ranking metrics give ties their average credit. Uses the native
 * numeric sort of a Float64Array and a binary search per row instead of sorting row indices with a
 * comparator: several times faster on a million rows.
 *
 * @example
 * scoreGroups(Float64Array.of(0.2, 0.9, 0.2), [1, 1, 1], [0, 1, 1]);
 * // { scores: [0.9, 0.2], sumA: [1, 2], sumB: [1, 1] }
 */
export function scoreGroups(
  score: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { scores: Float64Array; sumA: Float64Array; sumB: Float64Array } {
  const n = score.length;
  const sorted = Float64Array.from(score).sort();
  let distinctCount = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || sorted[k] !== sorted[distinctCount - 1]) sorted[distinctCount++] = sorted[k];
  }
  const ascending = sorted.subarray(0, distinctCount);
  const sumA = new Float64Array(distinctCount);
  const sumB = new Float64Array(distinctCount);
  for (let i = 0; i < n; i++) {
    const s = score[i];
    let lo = 0;
    let hi = distinctCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ascending[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    // Store highest score first.
    const group = distinctCount - 1 - lo;
    sumA[group] += a[i];
    sumB[group] += b[i];
  }
  return { scores: ascending.slice().reverse(), sumA, sumB };
}
