/**
 * The Monte-Carlo inner loop, for one range of units and every draw (on the caller's thread or a
 * drawThread.ts worker).
 *
 * For unit i and draw d one 32-bit hash of (seed, i, d) gives a uniform v (26 bits) and a sample
 * index (6 bits). The draws are paired (common random numbers): with and without the action the
 * unit sees the same v and the same revenue draw, so
 *   retained without the action  ⇔ v < p_i                       (baseline revenue += revenue)
 *   kept by the action            ⇔ v ≥ p_i and (v − p_i)/(1 − p_i) < u_d   (incremental += revenue)
 * where u_d is the policy's uplift in draw d: among the units that would be lost, a share u_d is kept.
 * Hashing (seed, i, d) instead of running one stream makes every result independent of how units are
 * split between threads.
 *
 * `out` is [statistic][policy][draw] with statistics 0 incremental revenue, 1 baseline revenue,
 * 2 units kept; sums are added to it.
 */
export function runDrawKernel(job: DrawKernelJob): void {
  const { retain, samples, masks, uplifts, nPolicies, draws, seed, unitStart, unitEnd, sampleBits, out } =
    job;
  const sampleMask = (1 << sampleBits) - 1;
  const uniformScale = 1 / 2 ** (32 - sampleBits);
  const statStride = nPolicies * draws;
  for (let i = unitStart; i < unitEnd; i++) {
    const mask = masks[i];
    if (mask === 0) continue;
    const p = retain[i];
    const lossScale = p < 1 ? 1 / (1 - p) : 0;
    const sampleBase = i << sampleBits;
    // A unit key from the seed and the unit (murmur3's finaliser), then a Weyl sequence over draws.
    let key = (Math.imul(i, 0x9e3779b1) ^ seed) | 0;
    key = Math.imul(key ^ (key >>> 16), 0x85ebca6b);
    key = Math.imul(key ^ (key >>> 13), 0xc2b2ae35);
    key ^= key >>> 16;
    for (let d = 0; d < draws; d++) {
      let h = (key + Math.imul(d, 0x9e3779b9)) | 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      const v = (h >>> sampleBits) * uniformScale;
      const revenue = samples[sampleBase + (h & sampleMask)];
      // Branch-free: whether a unit is retained is a coin flip the CPU cannot predict.
      const retained = +(v < p);
      const lostShare = (v - p) * lossScale;
      for (let q = 0; q < nPolicies; q++) {
        if (((mask >>> q) & 1) === 0) continue;
        const slot = q * draws + d;
        const kept = (1 - retained) * +(lostShare < uplifts[slot]);
        out[statStride + slot] += retained * revenue;
        out[slot] += kept * revenue;
        out[2 * statStride + slot] += kept;
      }
    }
  }
}

export interface DrawKernelJob {
  retain: Float64Array;
  samples: Float64Array;
  masks: Uint32Array;
  /** nPolicies × draws. */
  uplifts: Float64Array;
  nPolicies: number;
  draws: number;
  seed: number;
  unitStart: number;
  unitEnd: number;
  sampleBits: number;
  /** 3 × nPolicies × draws. */
  out: Float64Array;
}
