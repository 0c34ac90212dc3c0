/** `'balanced'`: each class gets total weight / (2 · class weight); or explicit weights per class. */
export type ClassWeight = 'balanced' | { 0: number; 1: number } | null;

/**
 * Fold class weights into the sample weights: wᵢ · classWeight[yᵢ]. `'balanced'` uses
 * scikit-learn's rule n / (2 · n_c), with n and n_c the (sample-weighted) totals, so both classes
 * carry equal total weight.
 *
 * @example
 * applyClassWeight('LogisticRegression', y, weight, 'balanced');
 */
export function applyClassWeight(
  model: string,
  y: Float64Array,
  sampleWeight: Float64Array,
  classWeight: ClassWeight,
): { weight: Float64Array; classWeights: [number, number] } {
  if (classWeight === null) return { weight: sampleWeight, classWeights: [1, 1] };
  let classWeights: [number, number];
  if (classWeight === 'balanced') {
    const totals = [0, 0];
    for (let i = 0; i < y.length; i++) totals[y[i]] += sampleWeight[i];
    if (!(totals[0] > 0 && totals[1] > 0)) {
      throw new Error(
        `${model}.fit: classWeight 'balanced' needs both classes with positive weight; got totals ${totals.join(' / ')}.`,
      );
    }
    const total = totals[0] + totals[1];
    classWeights = [total / (2 * totals[0]), total / (2 * totals[1])];
  } else {
    classWeights = [classWeight[0], classWeight[1]];
    if (!classWeights.every((w) => Number.isFinite(w) && w >= 0)) {
      throw new Error(
        `${model}: classWeight must be 'balanced', null or { 0: w0, 1: w1 } with finite w >= 0; got ${JSON.stringify(classWeight)}.`,
      );
    }
  }
  const weight = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) weight[i] = sampleWeight[i] * classWeights[y[i]];
  return { weight, classWeights };
}
