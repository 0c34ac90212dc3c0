import { type CustomerTargets, DAYS_PER_UNIT } from '../../customers/index.ts';
import {
  mae,
  type ParetoNbdArtifact,
  ParetoNbdModel,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdProbabilityOfPurchase,
  prAuc,
  rocAuc,
} from '../../ml/index.ts';
import type { CustomerDesign } from './customerDesign.ts';
import type { CustomerValueConfig } from './customerValueConfig.ts';

/** How well a repeat-purchase model predicts the holdout horizon's purchases (not spend). */
export interface RepeatPurchaseMetrics {
  /** Ranking of the purchase flag by P(at least one purchase in the horizon). */
  rocAuc: number;
  prAuc: number;
  /** Expected against actual purchases per customer in the horizon. */
  purchasesMae: number;
  /** Σ expected / Σ actual purchases (1 = unbiased in total). */
  purchasesRatio: number;
}

/**
 * Pareto/NBD fitted on the same calibration summary as the served BG/NBD and judged on the same
 * holdout customers: reported beside BG/NBD, never served by this run (the served model stays BG/NBD).
 */
export interface ParetoNbdComparison {
  artifact: ParetoNbdArtifact;
  fitSeconds: number;
  /** Per holdout customer: P(purchase) and expected purchases in the horizon. */
  purchaseProbability: Float64Array;
  expectedPurchases: Float64Array;
  metrics: { bgnbd: RepeatPurchaseMetrics; paretoNbd: RepeatPurchaseMetrics };
}

/**
 * Score predicted purchase probabilities and counts against what happened in the horizon.
 *
 * @example
 * repeatPurchaseMetrics(holdout.targets, scores.purchaseProbability, scores.expectedPurchases);
 */
export function repeatPurchaseMetrics(
  targets: CustomerTargets,
  purchaseProbability: Float64Array,
  expectedPurchases: Float64Array,
): RepeatPurchaseMetrics {
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < expectedPurchases.length; i++) {
    predicted += expectedPurchases[i]!;
    actual += targets.purchases[i]!;
  }
  return {
    rocAuc: rocAuc(targets.purchased, purchaseProbability),
    prAuc: prAuc(targets.purchased, purchaseProbability),
    purchasesMae: mae(targets.purchases, expectedPurchases),
    purchasesRatio: actual > 0 ? predicted / actual : Number.NaN,
  };
}

/**
 * Fit Pareto/NBD on the holdout cut-off's summary and put it beside BG/NBD's scores of the same customers.
 *
 * @example
 * const comparison = compareParetoNbd(design, config, { purchaseProbability, expectedPurchases });
 * comparison.metrics.paretoNbd.rocAuc;
 */
export function compareParetoNbd(
  { holdout }: CustomerDesign,
  config: CustomerValueConfig,
  bgnbd: { purchaseProbability: Float64Array; expectedPurchases: Float64Array },
): ParetoNbdComparison {
  const start = performance.now();
  const model = new ParetoNbdModel().fit(holdout.summary);
  const fitSeconds = (performance.now() - start) / 1000;
  const params = model.parameters;
  const horizon = config.horizonDays / DAYS_PER_UNIT[config.timeUnit];
  const { x, tx, T } = holdout.summary;
  const n = x.length;
  const purchaseProbability = new Float64Array(n);
  const expectedPurchases = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    purchaseProbability[i] = paretoNbdProbabilityOfPurchase(params, horizon, x[i]!, tx[i]!, T[i]!);
    expectedPurchases[i] = paretoNbdConditionalExpectedPurchases(params, horizon, x[i]!, tx[i]!, T[i]!);
  }
  return {
    artifact: model.toJSON(),
    fitSeconds,
    purchaseProbability,
    expectedPurchases,
    metrics: {
      bgnbd: repeatPurchaseMetrics(holdout.targets, bgnbd.purchaseProbability, bgnbd.expectedPurchases),
      paretoNbd: repeatPurchaseMetrics(holdout.targets, purchaseProbability, expectedPurchases),
    },
  };
}

const METRIC_ROWS: { key: keyof RepeatPurchaseMetrics; label: string; better: string }[] = [
  { key: 'rocAuc', label: 'ROC AUC, purchase flag', better: 'higher' },
  { key: 'prAuc', label: 'PR AUC, purchase flag', better: 'higher' },
  { key: 'purchasesMae', label: 'MAE of purchases', better: 'lower' },
  { key: 'purchasesRatio', label: 'Σ expected / Σ actual purchases', better: 'closer to 1' },
];

type Outcome = 'Pareto/NBD' | 'BG/NBD' | 'tie';

/**
 * Which model wins each metric. Equal to 4 significant digits is a tie: on data without drop-out both
 * models reach the same NBD limit and their scores agree to rounding.
 */
export function paretoNbdOutcomes(
  comparison: ParetoNbdComparison,
): Record<keyof RepeatPurchaseMetrics, Outcome> {
  const { bgnbd, paretoNbd } = comparison.metrics;
  // Distance from the ideal, lower is better: higher-is-better metrics negated, the ratio by |ln|.
  const loss = (metrics: RepeatPurchaseMetrics, key: keyof RepeatPurchaseMetrics) =>
    key === 'purchasesMae'
      ? metrics[key]
      : key === 'purchasesRatio'
        ? Math.abs(Math.log(metrics[key]))
        : -metrics[key];
  const outcome = (key: keyof RepeatPurchaseMetrics): Outcome => {
    if (bgnbd[key].toPrecision(4) === paretoNbd[key].toPrecision(4)) return 'tie';
    return loss(paretoNbd, key) < loss(bgnbd, key) ? 'Pareto/NBD' : 'BG/NBD';
  };
  return {
    rocAuc: outcome('rocAuc'),
    prAuc: outcome('prAuc'),
    purchasesMae: outcome('purchasesMae'),
    purchasesRatio: outcome('purchasesRatio'),
  };
}

/** The comparison's rows for the report table: label, BG/NBD, Pareto/NBD, better, winner. */
export function paretoNbdComparisonRows(
  comparison: ParetoNbdComparison,
  format: (value: number) => string,
): string[][] {
  const outcomes = paretoNbdOutcomes(comparison);
  const { bgnbd, paretoNbd } = comparison.metrics;
  return METRIC_ROWS.map((row) => [
    row.label,
    format(bgnbd[row.key]),
    format(paretoNbd[row.key]),
    row.better,
    outcomes[row.key],
  ]);
}

/** One sentence: where Pareto/NBD beats the served BG/NBD, and that the served model does not change here. */
export function paretoNbdVerdict(comparison: ParetoNbdComparison): string {
  const outcomes = paretoNbdOutcomes(comparison);
  const labels = (outcome: Outcome) =>
    METRIC_ROWS.filter((row) => outcomes[row.key] === outcome).map((row) => row.label);
  const [won, lost, tied] = [labels('Pareto/NBD'), labels('BG/NBD'), labels('tie')];
  const all = METRIC_ROWS.length;
  const parts = [
    won.length === all
      ? 'Pareto/NBD beats BG/NBD on every holdout metric'
      : `Pareto/NBD beats BG/NBD on ${won.length} of ${all} holdout metrics${won.length ? ` (${won.join('; ')})` : ''}`,
    ...(lost.length ? [`BG/NBD is better on ${lost.join('; ')}`] : []),
    ...(tied.length
      ? [`they tie (equal to 4 digits) on ${tied.length === all ? 'all of them' : tied.join('; ')}`]
      : []),
  ];
  return `${parts.join('; ')}. The served customer model stays BG/NBD × Gamma-Gamma; Pareto/NBD is fitted for this comparison only.`;
}
