import { Matrix } from '../matrix.ts';
import { createRng } from '../random.ts';
import type { ScoreFunction } from './gridSearch.ts';

export interface PermutationImportance {
  featureNames: string[];
  baselineScore: number;
  /** Mean drop in score when the feature is shuffled (positive = the model relies on it). */
  importancesMean: Float64Array;
  importancesStd: Float64Array;
  /** Per feature, the drop of every repeat. */
  importances: Float64Array[];
}

/**
 * Permutation importance (Breiman; scikit-learn's `permutation_importance`): shuffle one column at a
 * time with a seeded generator, re-score, and report the drop from the baseline score, averaged
 * over `nRepeats` shuffles. Model-agnostic: give any batch predict function. For a lower-is-better
 * metric (log loss, RMSE) pass `greaterIsBetter: false`, so a useful feature still scores positive.
 *
 * @example
 * const result = permutationImportance((M) => model.predictProba(M), Xvalid, yValid, rocAuc, { nRepeats: 5 });
 * result.importancesMean; // one value per feature
 */
export function permutationImportance(
  predictFn: (X: Matrix) => Float64Array,
  X: Matrix,
  y: Float64Array,
  metric: ScoreFunction,
  options: { nRepeats?: number; seed?: number; greaterIsBetter?: boolean; sampleWeight?: Float64Array } = {},
): PermutationImportance {
  const { nRepeats = 5, seed = 0, greaterIsBetter = true, sampleWeight } = options;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) {
    throw new Error(`permutationImportance: nRepeats must be an integer >= 1; got ${nRepeats}.`);
  }
  if (y.length !== X.nRows)
    throw new Error(`permutationImportance: y has ${y.length} values for ${X.nRows} rows of X.`);
  const baselineScore = metric(y, predictFn(X), sampleWeight);
  const rng = createRng(seed);
  const shuffled = new Float64Array(X.nRows);
  const importances = X.columns.map((column, j) => {
    const drops = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      shuffled.set(column);
      for (let k = shuffled.length - 1; k > 0; k--) {
        const m = Math.floor(rng() * (k + 1));
        const swap = shuffled[k];
        shuffled[k] = shuffled[m];
        shuffled[m] = swap;
      }
      const columns = X.columns.map((c, f) => (f === j ? shuffled : c));
      const score = metric(y, predictFn(new Matrix(X.featureNames, columns)), sampleWeight);
      drops[r] = greaterIsBetter ? baselineScore - score : score - baselineScore;
    }
    return drops;
  });
  const importancesMean = Float64Array.from(importances, (d) => d.reduce((a, b) => a + b, 0) / nRepeats);
  const importancesStd = Float64Array.from(importances, (d, j) =>
    Math.sqrt(d.reduce((a, v) => a + (v - importancesMean[j]) ** 2, 0) / nRepeats),
  );
  return { featureNames: [...X.featureNames], baselineScore, importancesMean, importancesStd, importances };
}
