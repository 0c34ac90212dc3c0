import type { CustomerTargets } from '../../customers/index.ts';
import { brierScore, mae, normalizedGini, prAuc, rocAuc } from '../../ml/index.ts';

/** How well one model family predicts the holdout horizon (the comparison table of the report). */
export interface HorizonMetrics {
  /** The purchase flag: ranking (ROC/PR AUC) and probability quality (Brier). */
  rocAuc: number;
  prAuc: number;
  brier: number;
  /** Spend in the horizon. */
  spendMae: number;
  spendGini: number;
  /** Σ predicted spend / Σ actual spend (1 = unbiased in total). */
  spendRatio: number;
}

/**
 * Score predicted purchase probabilities and spend against what happened in the horizon.
 *
 * @example
 * horizonMetrics(holdout.targets, scores.purchaseProbability, scores.expectedSpend);
 */
export function horizonMetrics(
  targets: CustomerTargets,
  purchaseProbability: Float64Array,
  spend: Float64Array,
): HorizonMetrics {
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < spend.length; i++) {
    predicted += spend[i]!;
    actual += targets.spend[i]!;
  }
  return {
    rocAuc: rocAuc(targets.purchased, purchaseProbability),
    prAuc: prAuc(targets.purchased, purchaseProbability),
    brier: brierScore(targets.purchased, purchaseProbability),
    spendMae: mae(targets.spend, spend),
    spendGini: normalizedGini(targets.spend, spend),
    spendRatio: actual > 0 ? predicted / actual : Number.NaN,
  };
}

/** Which family wins each metric, as the report states it: true when the supervised model is better. */
export function supervisedWins(
  supervised: HorizonMetrics,
  bgnbd: HorizonMetrics,
): Record<keyof HorizonMetrics, boolean> {
  return {
    rocAuc: supervised.rocAuc > bgnbd.rocAuc,
    prAuc: supervised.prAuc > bgnbd.prAuc,
    brier: supervised.brier < bgnbd.brier,
    spendMae: supervised.spendMae < bgnbd.spendMae,
    spendGini: supervised.spendGini > bgnbd.spendGini,
    spendRatio: Math.abs(Math.log(supervised.spendRatio)) < Math.abs(Math.log(bgnbd.spendRatio)),
  };
}
