import type { FrequencyLevels, RepeatPurchaseData } from './repeatPurchaseData.ts';

/**
 * Customers grouped once per data set for the Pareto/NBD likelihood, whose every pass then works on
 * groups: summaries count time in whole days, so a million customers hold a few hundred thousand
 * distinct histories (x, tₓ, T) and only some ten thousand distinct (x, tₓ) and (x, T) pairs, the
 * points where the ₂F₁ series are summed (one-time buyers all share tₓ = 0; a cohort shares T).
 */
export interface HistoryGroups {
  /** The distinct histories and how many customers have each. */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Distinct x over the groups; `counts` are customers, not groups. */
  levels: FrequencyLevels;
  /** The distinct (x level, time) pairs of U (time tₓ) and V (time T), and each group's pair. */
  pairsU: { level: Int32Array; time: Float64Array; of: Int32Array };
  pairsV: { level: Int32Array; time: Float64Array; of: Int32Array };
}

/**
 * Group customers by history and index the series points.
 *
 * @example
 * const groups = historyGroups(summary); // once; then paretoNbdLogLikelihood(params, groups) per pass
 */
export function historyGroups({ x, tx, T }: RepeatPurchaseData): HistoryGroups {
  const byHistory = new Map<number, Map<number, Map<number, number>>>();
  const gx: number[] = [];
  const gtx: number[] = [];
  const gT: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const byRecency = getOrSet(byHistory, x[i]!, () => new Map<number, Map<number, number>>());
    const byAge = getOrSet(byRecency, tx[i]!, () => new Map<number, number>());
    let group = byAge.get(T[i]!);
    if (group === undefined) {
      group = gx.length;
      byAge.set(T[i]!, group);
      gx.push(x[i]!);
      gtx.push(tx[i]!);
      gT.push(T[i]!);
      weight.push(0);
    }
    weight[group]!++;
  }
  const levelIndex = new Map<number, number>();
  const values: number[] = [];
  const counts: number[] = [];
  const levelOf = new Int32Array(gx.length);
  for (let g = 0; g < gx.length; g++) {
    const level = getOrSet(levelIndex, gx[g]!, () => {
      values.push(gx[g]!);
      counts.push(0);
      return values.length - 1;
    });
    counts[level]! += weight[g]!;
    levelOf[g] = level;
  }
  return {
    x: Float64Array.from(gx),
    tx: Float64Array.from(gtx),
    T: Float64Array.from(gT),
    weight: Float64Array.from(weight),
    levels: { values: Float64Array.from(values), counts: Float64Array.from(counts), levelOf },
    pairsU: seriesPairs(levelOf, gtx),
    pairsV: seriesPairs(levelOf, gT),
  };
}

function seriesPairs(levelOf: Int32Array, times: number[]): HistoryGroups['pairsU'] {
  const index = new Map<number, Map<number, number>>();
  const level: number[] = [];
  const time: number[] = [];
  const of = new Int32Array(times.length);
  for (let g = 0; g < times.length; g++) {
    const byTime = getOrSet(index, levelOf[g]!, () => new Map<number, number>());
    of[g] = getOrSet(byTime, times[g]!, () => {
      level.push(levelOf[g]!);
      time.push(times[g]!);
      return level.length - 1;
    });
  }
  return { level: Int32Array.from(level), time: Float64Array.from(time), of };
}

function getOrSet<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
