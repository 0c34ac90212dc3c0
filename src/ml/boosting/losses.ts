/**
 * A boosting loss on the raw (link) scale F: its optimal constant, its per-row gradient and hessian
 * (times the sample weight), and its mean value for the loss curve. The link maps F to a prediction.
 */
export interface BoostingLoss {
  readonly name: string;
  readonly link: 'identity' | 'logit' | 'log';
  /** The constant F minimising the weighted loss (the base score). */
  baseScore(model: string, y: Float64Array, weight: Float64Array): number;
  /**
   * Fill `g` and `h` with w·∂l/∂F and w·∂²l/∂F² at `F` and, in the same pass (sharing the
   * exponentials), return the weighted mean loss at `F`, bit-identical to `meanLoss`.
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

function weightedMean(y: Float64Array, weight: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    sum += weight[i] * y[i];
    total += weight[i];
  }
  return sum / total;
}

/** σ(f) from `e = exp(−|f|)`, in the form that cannot overflow on either side. */
function sigmoidOf(f: number, e: number): number {
  return f >= 0 ? 1 / (1 + e) : e / (1 + e);
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
  gradientsAndLoss(y, weight, F, g, h) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const f = F[i];
      // One exponential serves the probability and the loss (the training loop's costliest line).
      const e = Math.exp(-Math.abs(f));
      const p = sigmoidOf(f, e);
      const w = weight[i];
      g[i] = w * (p - y[i]);
      h[i] = w * Math.max(p * (1 - p), 1e-16);
      const softplus = f > 0 ? f + Math.log1p(e) : Math.log1p(e);
      sum += w * (softplus - y[i] * f);
      total += w;
    }
    return sum / total;
  },
  meanLoss(y, weight, F) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const f = F[i];
      // log(1 + e^f) − y·f, written so neither branch overflows.
      const softplus = f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f));
      sum += weight[i] * (softplus - y[i] * f);
      total += weight[i];
    }
    return sum / total;
  },
};

/** Squared error with the identity link: g = F − y, h = 1 (the loss curve reports the MSE). */
export const squaredError: BoostingLoss = {
  name: 'squared_error',
  link: 'identity',
  baseScore(_model, y, weight) {
    return weightedMean(y, weight);
  },
  gradientsAndLoss(y, weight, F, g, h) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const w = weight[i];
      g[i] = w * (F[i] - y[i]);
      h[i] = w;
      const r = y[i] - F[i];
      sum += w * r * r;
      total += w;
    }
    return sum / total;
  },
  meanLoss(y, weight, F) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < y.length; i++) {
      const r = y[i] - F[i];
      sum += weight[i] * r * r;
      total += weight[i];
    }
    return sum / total;
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
  const a = 1 - power;
  const b = 2 - power;
  return {
    name: 'tweedie',
    link: 'log',
    baseScore(model, y, weight) {
      const mean = weightedMean(y, weight);
      if (!(mean > 0))
        throw new Error(`${model}.fit: every target is 0; Tweedie needs some positive values.`);
      return Math.log(mean);
    },
    gradientsAndLoss(y, weight, F, g, h) {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < y.length; i++) {
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
      return sum / total;
    },
    meanLoss(y, weight, F) {
      // Mean Tweedie deviance: 2·[y^{2−ρ}/((1−ρ)(2−ρ)) − y·μ^{1−ρ}/(1−ρ) + μ^{2−ρ}/(2−ρ)].
      let sum = 0;
      let total = 0;
      for (let i = 0; i < y.length; i++) {
        const yi = y[i];
        const first = yi > 0 ? yi ** b / (a * b) : 0;
        sum += weight[i] * 2 * (first - (yi * Math.exp(a * F[i])) / a + Math.exp(b * F[i]) / b);
        total += weight[i];
      }
      return sum / total;
    },
  };
}
