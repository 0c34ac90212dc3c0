/**
 * Every seeded random source of the service, in one place (ml imports nothing of ours, so every
 * folder may import this one). Two generators, each pinned by what it already produced:
 * - `createRng` (mulberry32), a bare `() => number`: the models' draws (bootstrap, feature subsets,
 *   row subsampling, mixture starts) and the Monte-Carlo policies. Changing it changes every model.
 * - `SeededRandom` (xoshiro128**) with the draws the simulators need (normal, categorical, Bernoulli):
 *   the session log and the transaction log. Changing it changes every simulated file, byte for byte.
 * Never Math.random: the same seed gives the same model and the same log on every machine.
 */

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

/**
 * A seeded pseudo-random source (xoshiro128**, Blackman & Vigna 2018) with the draws the simulator
 * needs. Never Math.random: the same seed gives the same log, byte for byte, on every machine.
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.uniform(); // 0 ≤ u < 1
 * rng.normal(); // standard normal (polar method)
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new RangeError(`SeededRandom: seed ${seed} is not a finite number; pass an integer such as 42.`);
    }
    // splitmix32 spreads a small integer seed over the 128-bit state (all-zero state is impossible).
    let s = Math.trunc(seed) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** 1 with probability p, else 0. */
  bernoulli(p: number): 0 | 1 {
    return this.uniform() < p ? 1 : 0;
  }

  /** Standard normal by Marsaglia's polar method; the second value of each pair is kept for the next call. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * scale;
    return u * scale;
  }

  /** Index drawn from cumulative weights (last entry = total), by binary search. */
  categorical(cumulativeWeights: Float64Array): number {
    const u = this.uniform() * cumulativeWeights[cumulativeWeights.length - 1];
    let lo = 0;
    let hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cumulativeWeights[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Running sums of `weights`, the input of {@link SeededRandom.categorical}. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}
