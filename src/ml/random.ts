/**
 * A small seeded generator (mulberry32): every random choice of the tree models (bootstrap draws,
 * feature subsets, row subsampling) comes from one of these, so the same seed gives the same model.
 *
 * @example
 * const rng = createRng(42);
 * rng(); // a number in [0, 1), the same on every run
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return function nextUniform(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in `[0, n)`. */
export function randomIndex(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Draw `k` distinct entries of `pool` (partial Fisher–Yates, in place): afterwards they sit in
 * `pool[0..k)`. Reuses the caller's buffer so a split does not allocate.
 */
export function sampleWithoutReplacement(rng: () => number, pool: Int32Array, k: number): Int32Array {
  const n = pool.length;
  for (let i = 0; i < k && i < n - 1; i++) {
    const j = i + randomIndex(rng, n - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.subarray(0, Math.min(k, n));
}
