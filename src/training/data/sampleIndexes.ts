import { createRng } from '../../ml/random.ts';

/**
 * `k` entries of `indexes` drawn without replacement (seeded partial Fisher–Yates), returned in
 * ascending order so samples keep the data's session order. All of them when `k` ≥ their count.
 *
 * @example
 * sampleIndexes(Int32Array.from([0, 1, 2, 3, 4]), 2, 7); // e.g. Int32Array [1, 4]
 */
export function sampleIndexes(indexes: Int32Array, k: number, seed: number): Int32Array {
  if (k >= indexes.length) return indexes;
  const rng = createRng(seed);
  const pool = Int32Array.from(indexes);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.subarray(0, k).sort();
}
