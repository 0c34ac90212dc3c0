/**
 * Coefficients of a standardised linear model expressed on the original feature scale:
 * b + Σ βⱼ·(xⱼ − mⱼ)/sⱼ = (b − Σ βⱼ·mⱼ/sⱼ) + Σ (βⱼ/sⱼ)·xⱼ. For reading and reporting only;
 * predictions use the standardised form stored in the artifact.
 *
 * @example
 * toOriginalScale(state).coefficients[0]; // change in the score per unit of feature 0
 */
export function toOriginalScale(state: {
  inputMeans: number[];
  inputScales: number[];
  coefficients: number[];
  intercept: number;
}): { intercept: number; coefficients: Float64Array } {
  const coefficients = new Float64Array(state.coefficients.length);
  let intercept = state.intercept;
  for (let j = 0; j < coefficients.length; j++) {
    coefficients[j] = state.coefficients[j] / state.inputScales[j];
    intercept -= coefficients[j] * state.inputMeans[j];
  }
  return { intercept, coefficients };
}
