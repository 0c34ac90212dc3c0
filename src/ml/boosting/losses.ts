/** The per-row boosting state: targets, weights, raw scores F, and the gradients and hessians at F. */
export interface BoostingRows {
  y: Float64Array;
  weight: Float64Array;
  F: Float64Array;
  g: Float64Array;
  h: Float64Array;
}

/** Rows `[from, to)` of the boosting state, ρ, and where the loss sums go. */
export interface GradientJob extends BoostingRows {
  from: number;
  to: number;
  /** Tweedie's ρ (ignored by the other losses). */
  power: number;
  /** Receives the weighted loss sum in `out[0]` and the weight total in `out[1]`. */
  out: Float64Array;
}

/**
 * Gradients of rows `[from, to)`: fill `g` and `h` with w·∂l/∂F and w·∂²l/∂F² at `F`, and write the
 * weighted loss sum and weight total of those rows to `out[0]` and `out[1]` (one pass: the loss
 * shares the gradients' exponentials). The boosting worker thread runs the same functions on its
 * half of the rows.
 */
export type GradientRange = (job: GradientJob) => void;

/**
 * A boosting loss on the raw (link) scale F: its optimal constant, its per-row gradient and hessian
 * (times the sample weight), and its mean value for the loss curve. The link maps F to a prediction.
 */
export interface BoostingLoss {
  readonly name: string;
  readonly link: 'identity' | 'logit' | 'log';
  /** The constant F minimising the weighted loss (the base score). */
  baseScore(model: string, y: Float64Array, weight: Float64Array): number;
  /** The row-range gradient function and its ρ, for splitting the rows between two threads. */
  readonly gradients: { range: GradientRange; power: number };
  /**
   * Fill `g` and `h` and return the weighted mean loss at `F` — summed as two halves of the rows,
   * as two threads do, so that the value does not depend on the thread count — bit-identical to
   * `meanLoss`.
   */
  gradientsAndLoss(
    y: Float64Array,
    weight: Float64Array,
    F: Float64Array,
    g: Float64Array,
    h: Float64Array,
  ): number;
  /** Weighted mean loss at `F` (log loss, squared error, or Tweedie deviance). */
  meanLoss(y: Float64Array, weight: Float64Array, F: Float64Array): number;
}

/** Where the rows are cut in two for the loss sums (the second thread takes `[mid, n)`). */
export function lossHalf(n: number): number {
  return n >> 1;
}

/** `gradientsAndLoss` over both halves on this thread. */
function meanOverHalves(range: GradientRange, power: number, rows: BoostingRows): number {
  const out = new Float64Array(2);
  const mid = lossHalf(rows.y.length);
  range({ ...rows, from: 0, to: mid, power, out });
  const sum = out[0];
  const total = out[1];
  range({ ...rows, from: mid, to: rows.y.length, power, out });
  return (sum + out[0]) / (total + out[1]);
}

/**
 * `meanLoss` through the loss's own gradient pass (into scratch gradients): the same per-row
 * formulas and the same two halves, so it equals `gradientsAndLoss` bit for bit by construction.
 */
function meanLossOf(
  range: GradientRange,
  power: number,
  y: Float64Array,
  weight: Float64Array,
  F: Float64Array,
): number {
  const scratch = { g: new Float64Array(y.length), h: new Float64Array(y.length) };
  return meanOverHalves(range, power, { y, weight, F, ...scratch });
}

/** Binary log loss rows: g = p − y, h = p(1 − p); one exponential serves p and the loss. */
export function logLossGradients(job: GradientJob): void {
  // Destructured once: the loop below reads locals only.
  const { y, weight, F, g, h, from, to, out } = job;
  let sum = 0;
  let total = 0;
  for (let i = from; i < to; i++) {
    const f = F[i];
    const e = Math.exp(-Math.abs(f));
    // σ(f) in the form that cannot overflow on either side.
    const p = f >= 0 ? 1 / (1 + e) : e / (1 + e);
    const w = weight[i];
    g[i] = w * (p - y[i]);
    h[i] = w * Math.max(p * (1 - p), 1e-16);
    const softplus = f > 0 ? f + Math.log1p(e) : Math.log1p(e);
    sum += w * (softplus - y[i] * f);
    total += w;
  }
  out[0] = sum;
  out[1] = total;
}

/** Squared error rows: g = F − y, h = 1 (times the weight); the loss is the squared residual. */
export function squaredErrorGradients(job: GradientJob): void {
  // Destructured once: the loop below reads locals only.
  const { y, weight, F, g, h, from, to, out } = job;
  let sum = 0;
  let total = 0;
  for (let i = from; i < to; i++) {
    const w = weight[i];
    g[i] = w * (F[i] - y[i]);
    h[i] = w;
    const r = y[i] - F[i];
    sum += w * r * r;
    total += w;
  }
  out[0] = sum;
  out[1] = total;
}

/** Tweedie rows with the log link (see `tweedieLoss`); the loss is the deviance. */
export function tweedieGradients(job: GradientJob): void {
  // Destructured once: the loop below reads locals only.
  const { y, weight, F, g, h, from, to, power, out } = job;
  const a = 1 - power;
  const b = 2 - power;
  let sum = 0;
  let total = 0;
  for (let i = from; i < to; i++) {
    const yi = y[i];
    const w = weight[i];
    const ea = Math.exp(a * F[i]);
    const eb = Math.exp(b * F[i]);
    g[i] = w * (-yi * ea + eb);
    h[i] = w * (-a * yi * ea + b * eb);
    const first = yi > 0 ? yi ** b / (a * b) : 0;
    sum += w * 2 * (first - (yi * ea) / a + eb / b);
    total += w;
  }
  out[0] = sum;
  out[1] = total;
}

function weightedMean(y: Float64Array, weight: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    sum += weight[i] * y[i];
    total += weight[i];
  }
  return sum / total;
}

/** Binary log loss with the logit link: g = p − y, h = p(1 − p). */
export const binaryLogLoss: BoostingLoss = {
  name: 'log_loss',
  link: 'logit',
  baseScore(model, y, weight) {
    const p = weightedMean(y, weight);
    if (p <= 0 || p >= 1)
      throw new Error(`${model}.fit: y holds a single class; log loss needs both 0 and 1.`);
    return Math.log(p / (1 - p));
  },
  gradients: { range: logLossGradients, power: 0 },
  gradientsAndLoss(y, weight, F, g, h) {
    return meanOverHalves(logLossGradients, 0, { y, weight, F, g, h });
  },
  meanLoss(y, weight, F) {
    return meanLossOf(logLossGradients, 0, y, weight, F);
  },
};

/** Squared error with the identity link: g = F − y, h = 1 (the loss curve reports the MSE). */
export const squaredError: BoostingLoss = {
  name: 'squared_error',
  link: 'identity',
  baseScore(_model, y, weight) {
    return weightedMean(y, weight);
  },
  gradients: { range: squaredErrorGradients, power: 0 },
  gradientsAndLoss(y, weight, F, g, h) {
    return meanOverHalves(squaredErrorGradients, 0, { y, weight, F, g, h });
  },
  meanLoss(y, weight, F) {
    return meanLossOf(squaredErrorGradients, 0, y, weight, F);
  },
};

/**
 * Tweedie loss with the log link (μ = e^F), for zero-inflated, heavy-tailed targets such as
 * revenue; `power` in (1, 2) is a compound Poisson–gamma. Negative log-likelihood up to constants:
 * −y·e^{(1−ρ)F}/(1−ρ) + e^{(2−ρ)F}/(2−ρ), whose derivatives give g and h (as XGBoost's reg:tweedie).
 */
export function tweedieLoss(power: number): BoostingLoss {
  if (!(power > 1 && power < 2)) {
    throw new Error(`tweedieVariancePower must be in (1, 2) (compound Poisson–gamma); got ${power}.`);
  }
  return {
    name: 'tweedie',
    link: 'log',
    baseScore(model, y, weight) {
      const mean = weightedMean(y, weight);
      if (!(mean > 0))
        throw new Error(`${model}.fit: every target is 0; Tweedie needs some positive values.`);
      return Math.log(mean);
    },
    gradients: { range: tweedieGradients, power },
    gradientsAndLoss(y, weight, F, g, h) {
      return meanOverHalves(tweedieGradients, power, { y, weight, F, g, h });
    },
    meanLoss(y, weight, F) {
      // Mean Tweedie deviance: 2·[y^{2−ρ}/((1−ρ)(2−ρ)) − y·μ^{1−ρ}/(1−ρ) + μ^{2−ρ}/(2−ρ)].
      return meanLossOf(tweedieGradients, power, y, weight, F);
    },
  };
}
