/**
 * The arithmetic of the linear artifact kinds, shared by training (to build the design rows) and by
 * serving (to score), so both see the same numbers bit for bit. Pure functions on typed arrays.
 */

/** Polynomial terms packed CSR-style: term k multiplies `features[offsets[k] .. offsets[k+1])`. */
export interface PackedTerms {
  offsets: Int32Array;
  features: Int32Array;
}

/** Pack terms given as feature-index lists (`[[0], [1], [0, 0], [0, 1]]`). */
export function packTerms(terms: readonly (readonly number[])[]): PackedTerms {
  const offsets = new Int32Array(terms.length + 1);
  for (let k = 0; k < terms.length; k++) offsets[k + 1] = offsets[k] + terms[k].length;
  const features = new Int32Array(offsets[terms.length]);
  for (let k = 0; k < terms.length; k++) features.set(terms[k], offsets[k]);
  return { offsets, features };
}

/** out[j] = (x[j] − means[j]) / scales[j]: the standardised value the coefficients apply to. */
export function standardiseInto(
  x: ArrayLike<number>,
  means: Float64Array,
  scales: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < means.length; j++) out[j] = (x[j] - means[j]) / scales[j];
  return out;
}

/** out[k] = Π z[features of term k]: the polynomial expansion of a standardised row. */
export function expandTermsInto(z: Float64Array, terms: PackedTerms, out: Float64Array): Float64Array {
  const { offsets, features } = terms;
  for (let k = 0; k + 1 < offsets.length; k++) {
    let product = 1;
    for (let m = offsets[k]; m < offsets[k + 1]; m++) product *= z[features[m]];
    out[k] = product;
  }
  return out;
}

/** intercept + Σ coefficients[k]·u[k], summed in index order (the order training assumes). */
export function linearScore(u: Float64Array, coefficients: Float64Array, intercept: number): number {
  let score = intercept;
  for (let k = 0; k < coefficients.length; k++) score += coefficients[k] * u[k];
  return score;
}

/** Logistic function, written so neither branch overflows. */
export function sigmoid(score: number): number {
  if (score >= 0) return 1 / (1 + Math.exp(-score));
  const e = Math.exp(score);
  return e / (1 + e);
}
