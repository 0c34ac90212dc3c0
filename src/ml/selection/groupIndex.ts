/**
 * Dense group numbering in order of first appearance: `groupOf[i]` is the group of row i
 * (0 = the group seen first), `sizes[g]` its row count. Group ids may be any numbers (session ids).
 */
export function indexGroups(
  groups: ArrayLike<number>,
  caller: string,
): { groupOf: Int32Array; sizes: number[] } {
  if (groups.length === 0) throw new Error(`${caller}: groups is empty; give one group id per row.`);
  const dense = new Map<number, number>();
  const groupOf = new Int32Array(groups.length);
  const sizes: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const id = groups[i];
    if (!Number.isFinite(id))
      throw new Error(`${caller}: groups[${i}] is ${id}; group ids must be finite numbers.`);
    let g = dense.get(id);
    if (g === undefined) {
      g = sizes.length;
      dense.set(id, g);
      sizes.push(0);
    }
    groupOf[i] = g;
    sizes[g]++;
  }
  return { groupOf, sizes };
}

/** Rows whose group is flagged (`inSet[group] === 1`) and the rest, both in row order. */
export function partitionRows(
  groupOf: Int32Array,
  inSet: Uint8Array,
): { inside: Int32Array; outside: Int32Array } {
  let insideCount = 0;
  for (let i = 0; i < groupOf.length; i++) insideCount += inSet[groupOf[i]];
  const inside = new Int32Array(insideCount);
  const outside = new Int32Array(groupOf.length - insideCount);
  let a = 0;
  let b = 0;
  for (let i = 0; i < groupOf.length; i++) {
    if (inSet[groupOf[i]] === 1) inside[a++] = i;
    else outside[b++] = i;
  }
  return { inside, outside };
}
