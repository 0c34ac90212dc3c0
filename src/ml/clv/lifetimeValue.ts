import { type BgNbdParameters, bgNbdConditionalExpectedPurchases } from './bgNbd.ts';
import {
  type ParetoNbdParameters,
  paretoNbdExpectedPurchasesIfAlive,
  paretoNbdProbabilityAlive,
} from './paretoNbd.ts';

/** How future purchases are valued: over which horizon, in how many discounting periods, at what rate and margin. */
export interface LifetimeValueOptions {
  /** The horizon, in the model's time unit (e.g. 52 weeks). */
  horizon: number;
  /** Discounting periods the horizon is cut into (e.g. 12 months). Default 12. */
  periods?: number;
  /** Discount rate per period (0.01 a month ≈ 12.7 % a year). Default 0.01. */
  discountRatePerPeriod?: number;
  /** Profit margin applied to spend (1 = revenue). Default 1. */
  margin?: number;
}

/**
 * Discounted customer lifetime value over a horizon (the lifetimes / FHL construction): the expected
 * purchases in each period times the Gamma-Gamma expected spend per purchase and the margin,
 * discounted at the end of the period:
 *   CLV = margin · E[Z] · Σₖ (E[Y(tₖ)] − E[Y(tₖ₋₁)]) / (1 + d)ᵏ,  tₖ = k · horizon / periods,
 * where `expectedPurchases(t)` is E[Y(t)], the customer's expected purchases in the next t time units
 * under whichever repeat-purchase model (BG/NBD, Pareto/NBD).
 *
 * @example
 * discountedLifetimeValue((t) => bgNbdConditionalExpectedPurchases(bgnbd, t, 2, 30.43, 38.86), 35.2, { horizon: 52, margin: 0.3 });
 */
export function discountedLifetimeValue(
  expectedPurchases: (t: number) => number,
  expectedSpend: number,
  { horizon, periods = 12, discountRatePerPeriod = 0.01, margin = 1 }: LifetimeValueOptions,
): number {
  if (!(horizon >= 0) || !Number.isInteger(periods) || periods < 1 || !(discountRatePerPeriod > -1)) {
    throw new RangeError(
      `lifetimeValue: need horizon ≥ 0, an integer periods ≥ 1 and discount rate > −1 (got ${horizon}, ${periods}, ${discountRatePerPeriod}).`,
    );
  }
  let value = 0;
  let previous = 0;
  let discount = 1;
  for (let k = 1; k <= periods; k++) {
    const purchases = expectedPurchases((horizon * k) / periods);
    discount /= 1 + discountRatePerPeriod;
    value += (purchases - previous) * discount;
    previous = purchases;
  }
  return margin * expectedSpend * value;
}

/**
 * {@link discountedLifetimeValue} of a customer with history (x, tₓ, T) under BG/NBD.
 *
 * @example
 * lifetimeValue(bgnbd, 35.2, 2, 30.43, 38.86, { horizon: 52, periods: 12, discountRatePerPeriod: 0.01, margin: 0.3 });
 */
export function lifetimeValue(
  params: BgNbdParameters,
  expectedSpend: number,
  x: number,
  tx: number,
  T: number,
  options: LifetimeValueOptions,
): number {
  return discountedLifetimeValue(
    (t) => bgNbdConditionalExpectedPurchases(params, t, x, tx, T),
    expectedSpend,
    options,
  );
}

/**
 * {@link discountedLifetimeValue} of a customer with history (x, tₓ, T) under Pareto/NBD; P(alive)
 * is computed once and scales every period's expectation.
 *
 * @example
 * paretoNbdLifetimeValue(pnbd, 35.2, 2, 30.43, 38.86, { horizon: 52, margin: 0.3 });
 */
export function paretoNbdLifetimeValue(
  params: ParetoNbdParameters,
  expectedSpend: number,
  x: number,
  tx: number,
  T: number,
  options: LifetimeValueOptions,
): number {
  const alive = paretoNbdProbabilityAlive(params, x, tx, T);
  return discountedLifetimeValue(
    (t) => alive * paretoNbdExpectedPurchasesIfAlive(params, t, x, T),
    expectedSpend,
    options,
  );
}
