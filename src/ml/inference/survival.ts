import type { Predictor } from '../estimator.ts';

/**
 * A survival view of a session from two classifiers read as a discrete-time hazard model: the churn
 * model gives P(at least one more page) = 1 − P(churn), and a pages-ahead model gives, for horizon
 * j ≥ 2, P(at least j more pages | at least j − 1) from the current page's features plus j (the last
 * feature, `pagesAhead`). Then S(k) = P(at least k more pages) = (1 − churn) · Π_{j=2..k} p_j, and
 * the expected number of further pages is Σ_k S(k) (Singer & Willett's person-period model).
 *
 * @example
 * survivalCurve(0.31, pagesAhead, features, 8); // S(1) … S(8)
 */
export function survivalCurve(
  churnProbability: number,
  pagesAhead: Predictor,
  features: Float64Array,
  maxFurtherPages: number,
): Float64Array {
  const curve = new Float64Array(Math.max(0, maxFurtherPages));
  if (curve.length === 0) return curve;
  curve[0] = 1 - churnProbability;
  const row = new Float64Array(features.length + 1);
  row.set(features);
  for (let j = 2; j <= curve.length; j++) {
    row[features.length] = j;
    curve[j - 1] = curve[j - 2] * pagesAhead.predictRow(row);
  }
  return curve;
}
