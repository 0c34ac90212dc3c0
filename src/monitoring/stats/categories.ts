import type { ColumnReference } from '../../registry/reference.ts';

/**
 * The values of a reference column that is categorical (binary flags, levels, small counts): at most
 * `maxCategories` distinct values, read from the reference itself. A reference column with few
 * distinct values is binned one bin per value (`columnReference`), so its values are `cuts` plus
 * `max`, the first of them the `min`, and `proportions` are their shares: the mean they imply is the
 * column's mean. A numeric column whose quantile cuts merely collapsed (a zero-inflated revenue: cut
 * [0], then a continuous tail up to `max`) fails that check, and stays numeric (no false alarm for
 * each purchase that is not exactly the training maximum). Null when the column is numeric.
 *
 * @example
 * referenceCategories(genderReference, 5); // [1, 2]
 */
export function referenceCategories(reference: ColumnReference, maxCategories: number): number[] | null {
  const values = [...reference.cuts, reference.max];
  if (reference.count === 0 || values.length > maxCategories || values[0] !== reference.min) return null;
  let impliedMean = 0;
  for (let i = 0; i < values.length; i++) impliedMean += reference.proportions[i] * values[i];
  const tolerance = 1e-9 * Math.max(1, Math.abs(reference.min), Math.abs(reference.max));
  return Math.abs(impliedMean - reference.mean) <= tolerance ? values : null;
}
