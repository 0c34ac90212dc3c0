/**
 * Accumulate G += weight·z·zᵀ into the lower triangle of a row-major `p × p` matrix for one row
 * `z`. Callers stream rows through this, so the design matrix never needs to exist as an `n × p`
 * array; `mirrorLowerToUpper` completes G afterwards.
 *
 * @example
 * addWeightedOuterProduct(G, z, p, w); // once per row, then mirrorLowerToUpper(G, p)
 */
export function addWeightedOuterProduct(G: Float64Array, z: Float64Array, p: number, weight: number): void {
  for (let a = 0; a < p; a++) {
    const wza = weight * z[a];
    if (wza === 0) continue;
    const rowA = a * p;
    for (let b = 0; b <= a; b++) G[rowA + b] += wza * z[b];
  }
}

/** r += scale·z over the first `p` entries. */
export function addScaled(r: Float64Array, z: Float64Array, p: number, scale: number): void {
  for (let a = 0; a < p; a++) r[a] += scale * z[a];
}

/** Copy the lower triangle of a row-major `p × p` matrix onto its upper triangle. */
export function mirrorLowerToUpper(G: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) G[b * p + a] = G[a * p + b];
  }
}
