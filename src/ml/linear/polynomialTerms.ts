/**
 * The monomials of a degree-d expansion: every input alone (degree 1), then every product of 2..d
 * factors drawn from `expandable` input indices, with repetition (x₀², x₀x₁, …) unless
 * `interactionOnly` (x₀x₁ only). Terms are index lists in non-decreasing order, degree by degree.
 * The count is checked against `maxTerms` before anything is built, because the solver costs
 * rows × terms² / 2 and memory terms².
 *
 * @example
 * polynomialTerms(2, [0, 1], 2, false, 100); // [[0], [1], [0, 0], [0, 1], [1, 1]]
 */
export function polynomialTerms(
  nInputs: number,
  expandable: readonly number[],
  degree: number,
  interactionOnly: boolean,
  maxTerms: number,
): number[][] {
  const count = countTerms(nInputs, expandable.length, degree, interactionOnly);
  if (count > maxTerms) {
    throw new Error(
      `PolynomialRegression: degree ${degree} over ${expandable.length} expanded features gives ${count} terms, ` +
        `above maxTerms ${maxTerms}. Pass \`features\` (the subset that gets higher-order terms), set ` +
        'interactionOnly, lower the degree, or raise maxTerms (fit cost grows as rows × terms²).',
    );
  }
  const terms: number[][] = [];
  for (let j = 0; j < nInputs; j++) terms.push([j]);
  // Combinations over positions in `expandable`, each one extending a term of the previous degree.
  let previous: { term: number[]; lastPosition: number }[] = expandable.map((j, position) => ({
    term: [j],
    lastPosition: position,
  }));
  for (let d = 2; d <= degree; d++) {
    const next: { term: number[]; lastPosition: number }[] = [];
    for (const { term, lastPosition } of previous) {
      const start = interactionOnly ? lastPosition + 1 : lastPosition;
      for (let position = start; position < expandable.length; position++) {
        next.push({ term: [...term, expandable[position]], lastPosition: position });
      }
    }
    for (const { term } of next) terms.push(term);
    previous = next;
  }
  return terms;
}

/** nInputs linear terms + Σ_{k=2..d} C(m + k − 1, k) (or C(m, k) for interaction-only). */
function countTerms(nInputs: number, m: number, degree: number, interactionOnly: boolean): number {
  let count = nInputs;
  for (let k = 2; k <= degree; k++) {
    let combinations = 1;
    for (let i = 1; i <= k; i++)
      combinations = (combinations * (interactionOnly ? m - k + i : m + i - 1)) / i;
    count += Math.max(0, Math.round(combinations));
  }
  return count;
}
