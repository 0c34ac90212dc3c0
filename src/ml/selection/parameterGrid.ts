/** Candidate values per hyperparameter. */
export type ParamGrid<P> = { [K in keyof P]: readonly P[K][] };

/**
 * Every combination of a grid, the last key varying fastest (scikit-learn's ParameterGrid order).
 *
 * @example
 * expandGrid({ C: [0.1, 1], classWeight: [null, 'balanced'] });
 * // [{C:0.1,classWeight:null}, {C:0.1,classWeight:'balanced'}, {C:1,…}, {C:1,…}]
 */
export function expandGrid<P extends Record<string, unknown>>(grid: ParamGrid<P>): P[] {
  const keys = Object.keys(grid) as (keyof P & string)[];
  for (const key of keys) {
    if (!Array.isArray(grid[key]) || grid[key].length === 0) {
      throw new Error(`expandGrid: "${key}" needs a non-empty array of candidate values.`);
    }
  }
  let combinations: Partial<P>[] = [{}];
  for (const key of keys) {
    const next: Partial<P>[] = [];
    for (const partial of combinations) {
      for (const value of grid[key]) next.push({ ...partial, [key]: value });
    }
    combinations = next;
  }
  return combinations as P[];
}
