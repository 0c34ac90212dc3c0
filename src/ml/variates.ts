/**
 * Random variates from a uniform source (`rng()` in [0, 1), e.g. `createRng(seed)`): the draws of
 * the Monte-Carlo policy simulation and of predictive distributions. Same rng state, same draws.
 */

/** A standard normal variate (Marsaglia's polar method; the second value is dropped for simplicity). */
export function normalVariate(rng: () => number): number {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, rate) variate (mean shape / rate). Marsaglia & Tsang (2000) for shape ≥ 1; for
 * shape < 1 their boost: Gamma(shape + 1) · U^(1/shape).
 *
 * @example
 * gammaVariate(rng, 2.5, 0.5); // mean 5
 */
export function gammaVariate(rng: () => number, shape: number, rate = 1): number {
  if (!(shape > 0) || !(rate > 0)) {
    throw new Error(`gammaVariate: shape ${shape} and rate ${rate} must both be positive.`);
  }
  if (shape < 1) return gammaVariate(rng, shape + 1, rate) * (1 - rng()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalVariate(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/** A Beta(a, b) variate as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function betaVariate(rng: () => number, a: number, b: number): number {
  const x = gammaVariate(rng, a);
  const y = gammaVariate(rng, b);
  return x / (x + y);
}

/** A Poisson(mean) variate: inversion for small means, a normal approximation is never used. */
export function poissonVariate(rng: () => number, mean: number): number {
  if (!(mean >= 0)) throw new Error(`poissonVariate: mean ${mean} must be >= 0.`);
  if (mean > 30) {
    // Split a large mean into halves: a sum of independent Poissons is Poisson.
    const half = mean / 2;
    return poissonVariate(rng, half) + poissonVariate(rng, mean - half);
  }
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = rng();
  while (u > cumulative && p > 0) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}
