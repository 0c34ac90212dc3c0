import { describe, expect, it } from 'vitest';
import type { CustomerTargets } from '../../src/customers/index.ts';
import {
  type ParetoNbdComparison,
  paretoNbdComparisonRows,
  paretoNbdVerdict,
  repeatPurchaseMetrics,
} from '../../src/training/clv/index.ts';

const targets = {
  purchased: new Float64Array([1, 0, 1, 0]),
  purchases: new Float64Array([2, 0, 1, 0]),
} as unknown as CustomerTargets;

function comparison(bgnbd: ParetoNbdComparison['metrics']['bgnbd'], paretoNbd = bgnbd): ParetoNbdComparison {
  return {
    metrics: { bgnbd, paretoNbd },
  } as ParetoNbdComparison;
}

describe('Pareto/NBD beside BG/NBD on the holdout', () => {
  it('scores the purchase flag by rank and the purchase counts by MAE and total', () => {
    const metrics = repeatPurchaseMetrics(
      targets,
      new Float64Array([0.9, 0.2, 0.6, 0.1]),
      new Float64Array([1.5, 0.5, 1, 0]),
    );
    expect(metrics.rocAuc).toBe(1);
    expect(metrics.purchasesMae).toBeCloseTo((0.5 + 0.5 + 0 + 0) / 4, 12);
    expect(metrics.purchasesRatio).toBeCloseTo(3 / 3, 12);
  });

  it('names the winner of each metric, ties included, and keeps the served model', () => {
    const bg = { rocAuc: 0.79, prAuc: 0.52, purchasesMae: 0.32, purchasesRatio: 0.94 };
    const better = comparison(bg, { rocAuc: 0.8, prAuc: 0.52, purchasesMae: 0.35, purchasesRatio: 1.03 });
    expect(paretoNbdComparisonRows(better, String).map((row) => row[4])).toEqual([
      'Pareto/NBD',
      'tie',
      'BG/NBD',
      'Pareto/NBD',
    ]);
    const verdict = paretoNbdVerdict(better);
    expect(verdict).toMatch(/beats BG\/NBD on 2 of 4 holdout metrics/);
    expect(verdict).toMatch(/BG\/NBD is better on MAE of purchases/);
    expect(verdict).toMatch(/tie \(equal to 4 digits\) on PR AUC/);
    expect(verdict).toMatch(/served customer model stays BG\/NBD/);
    expect(paretoNbdVerdict(comparison(bg))).toMatch(/on 0 of 4 .* tie \(equal to 4 digits\) on all of them/);
  });
});
