/** Mean, spread and a 95 % interval of one quantity over the Monte-Carlo draws. */
export interface DrawSummary {
  mean: number;
  /** Standard deviation over draws. */
  sd: number;
  /** Standard error of the mean: sd / √draws. */
  standardError: number;
  /** The 2.5 % and 97.5 % quantiles of the draws (the central 95 % interval). */
  low: number;
  high: number;
}

/**
 * Summarise draws: mean, sd, standard error and the central 95 % interval (linear interpolation
 * between order statistics, numpy's default).
 *
 * @example
 * summarizeDraws(Float64Array.of(1, 2, 3, 4)); // { mean: 2.5, low: 1.075, high: 3.925, … }
 */
export function summarizeDraws(values: Float64Array): DrawSummary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const sorted = Float64Array.from(values).sort();
  return {
    mean,
    sd,
    standardError: sd / Math.sqrt(n),
    low: quantile(sorted, 0.025),
    high: quantile(sorted, 0.975),
  };
}

/** Quantile `q` of ascending `sorted` values. */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
