import type { CustomerSummary } from '../../customers/index.ts';
import type { CustomerValuePredictor, Matrix } from '../../ml/index.ts';

/** One column per output of the customer-value model, one row per summary row. */
export interface CustomerScores {
  probabilityAlive: Float64Array;
  expectedPurchases: Float64Array;
  purchaseProbability: Float64Array;
  expectedSpendPerPurchase: Float64Array;
  expectedSpend: Float64Array;
  lifetimeValue: Float64Array;
  supervisedPurchaseProbability: Float64Array;
  supervisedSpend: Float64Array;
}

export const CUSTOMER_SCORE_NAMES = [
  'probabilityAlive',
  'expectedPurchases',
  'purchaseProbability',
  'expectedSpendPerPurchase',
  'expectedSpend',
  'lifetimeValue',
  'supervisedPurchaseProbability',
  'supervisedSpend',
] as const satisfies readonly (keyof CustomerScores)[];

/**
 * Score every customer of a summary (the same predictor the API serves, row by row).
 *
 * @example
 * const scores = scoreCustomers(new CustomerValuePredictor(artifact), summary, customerFeatureMatrix(summary));
 */
export function scoreCustomers(
  predictor: CustomerValuePredictor,
  summary: CustomerSummary,
  X: Matrix,
  onProgress?: (done: number, total: number) => void,
): CustomerScores {
  const n = summary.x.length;
  const scores = Object.fromEntries(
    CUSTOMER_SCORE_NAMES.map((name) => [name, new Float64Array(n)]),
  ) as unknown as CustomerScores;
  const row = new Float64Array(X.nCols);
  for (let i = 0; i < n; i++) {
    X.row(i, row);
    const p = predictor.predict(
      { x: summary.x[i]!, tx: summary.tx[i]!, T: summary.T[i]!, zbar: summary.zbar[i]! },
      row,
    );
    scores.probabilityAlive[i] = p.probabilityAlive;
    scores.expectedPurchases[i] = p.expectedPurchases;
    scores.purchaseProbability[i] = p.purchaseProbability;
    scores.expectedSpendPerPurchase[i] = p.expectedSpendPerPurchase;
    scores.expectedSpend[i] = p.expectedSpend;
    scores.lifetimeValue[i] = p.lifetimeValue;
    scores.supervisedPurchaseProbability[i] = p.supervised.purchaseProbability;
    scores.supervisedSpend[i] = p.supervised.spend;
    if (onProgress && (i + 1) % 10_000 === 0) onProgress(i + 1, n);
  }
  onProgress?.(n, n);
  return scores;
}
