/**
 * Normal-distribution helpers for the oracle's closed forms.
 */

/**
 * Complementary error function, Chebyshev fit of Numerical Recipes (erfcc): relative error
 * below 1.2e-7 everywhere, far below the oracle's statistical needs.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * E[min(Y, cap)] for Y log-normal with log-mean `mu` and log-sd `sigma` (partial expectation):
 * e^(μ+σ²/2)·Φ((ln cap − μ − σ²)/σ) + cap·(1 − Φ((ln cap − μ)/σ)).
 *
 * @example
 * expectedMinLogNormal(Math.log(0.031), 0.78, Infinity); // 0.031 · e^(0.78²/2) ≈ 0.042
 */
export function expectedMinLogNormal(mu: number, sigma: number, cap: number): number {
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  if (cap === Number.POSITIVE_INFINITY) return mean;
  if (cap <= 0) return 0;
  const logCap = Math.log(cap);
  return (
    mean * normalCdf((logCap - mu - sigma * sigma) / sigma) + cap * (1 - normalCdf((logCap - mu) / sigma))
  );
}
