/**
 * Every combination of a parameter grid applied on top of `base` (cartesian product, keys in the
 * grid's order). No grid gives `[base]`.
 *
 * @example
 * gridPoints({ seed: 1 }, { maxDepth: [4, 8], learningRate: [0.1] });
 * // [{ seed: 1, maxDepth: 4, learningRate: 0.1 }, { seed: 1, maxDepth: 8, learningRate: 0.1 }]
 */
export function gridPoints(
  base: Record<string, unknown>,
  grid: Record<string, unknown[]> | undefined,
): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{ ...base }];
  for (const [key, values] of Object.entries(grid ?? {})) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}
