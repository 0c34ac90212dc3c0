import { barChart, displayName } from '../../report/index.ts';

/** Feature importances of a run: split gain of the boosted model, permutation of the candidate. */
export interface Importances {
  featureNames: readonly string[];
  gain: { model: string; values: number[] } | null;
  permutation: { model: string; metric: string; mean: number[]; std: number[] } | null;
}

/** Indexes of the `top` largest values, largest first. */
export function topIndexes(values: readonly number[], top: number): number[] {
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, top)
    .map(([, i]) => i);
}

const TOP = 15;

/**
 * Bar charts of the 15 most important features by gain and by permutation.
 *
 * @example
 * importanceFigures(importances); // { 'importance-gain.svg': …, 'importance-permutation.svg': … }
 */
export function importanceFigures(importances: Importances): Record<string, string> {
  const figures: Record<string, string> = {};
  const { gain, permutation, featureNames } = importances;
  if (gain) {
    const top = topIndexes(gain.values, TOP);
    figures['importance-gain.svg'] = barChart({
      title: `Split-gain importance, ${displayName(gain.model)} (top ${top.length})`,
      xLabel: 'Share of total split gain',
      labels: top.map((i) => featureNames[i]),
      values: top.map((i) => gain.values[i]),
    });
  }
  if (permutation) {
    const top = topIndexes(permutation.mean, TOP);
    figures['importance-permutation.svg'] = barChart({
      title: `Permutation importance, ${displayName(permutation.model)} (top ${top.length})`,
      xLabel: `Loss of ${permutation.metric} when the feature is shuffled (± 1 sd)`,
      labels: top.map((i) => featureNames[i]),
      values: top.map((i) => permutation.mean[i]),
      errors: top.map((i) => permutation.std[i]),
      color: '#009E73',
    });
  }
  return figures;
}
