import type { BoostingState } from './fitBoosting.ts';

export type ImportanceType = 'gain' | 'split';

/** `'gain'`: share of the total split gain (sums to 1); `'split'`: raw number of splits. */
export function importancesOf(state: BoostingState, type: ImportanceType): number[] {
  if (type === 'split') return state.featureImportances.split.slice();
  if (type !== 'gain') throw new Error(`Unknown importance type "${String(type)}"; use 'gain' or 'split'.`);
  const gain = state.featureImportances.gain;
  const total = gain.reduce((sum, v) => sum + v, 0);
  return gain.map((v) => (total > 0 ? v / total : 0));
}
