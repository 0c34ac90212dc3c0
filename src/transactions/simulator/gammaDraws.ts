import type { SeededRandom } from '../../data/simulator/random.ts';

/**
 * A Gamma(shape, rate) draw: Marsaglia & Tsang (2000) for shape ≥ 1, and for shape < 1 the boost
 * Gamma(shape + 1) · U^(1/shape) (same paper, section 6).
 */
export function drawGamma(rng: SeededRandom, shape: number, rate: number): number {
  if (shape < 1) {
    const u = 1 - rng.uniform(); // in (0, 1]
    return drawGamma(rng, shape + 1, rate) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function drawBeta(rng: SeededRandom, a: number, b: number): number {
  const x = drawGamma(rng, a, 1);
  const y = drawGamma(rng, b, 1);
  return x / (x + y);
}

/** An Exponential(rate) draw. */
export function drawExponential(rng: SeededRandom, rate: number): number {
  return -Math.log(1 - rng.uniform()) / rate;
}
