import { binIndex, type ColumnReference, quantileSorted } from '../../registry/reference.ts';
import type { MonitoringThresholds } from '../config.ts';
import { referenceCategories } from './categories.ts';
import { jensenShannonDistance } from './jensenShannon.ts';
import { populationStabilityIndex } from './psi.ts';
import { wassersteinToQuantiles } from './wasserstein.ts';

export type PsiBand = 'stable' | 'moderate' | 'major' | 'insufficient-data';

/** Which test decides `drifted`: Jensen–Shannon for categorical columns, PSI and Wasserstein else. */
export type DriftTest = 'jensen-shannon' | 'psi-wasserstein';

/** Drift of one column (a feature or the prediction) in a window against its reference. */
export interface ColumnDrift {
  name: string;
  /** Non-missing values in the window (missing ones are data quality, not drift). */
  count: number;
  psi: number | null;
  psiBand: PsiBand;
  /** Wasserstein-1 distance over the reference scale (std; see {@link referenceScale}). */
  wassersteinPerStd: number | null;
  test: DriftTest;
  /** Categorical columns: Jensen–Shannon distance (bits) of the category shares; null otherwise. */
  jensenShannon: number | null;
  drifted: boolean;
  referenceMean: number;
  windowMean: number | null;
  /** Window p10/p50/p90 next to the reference's, for the eye. */
  windowQuantiles: [number, number, number] | null;
  referenceQuantiles: [number, number, number];
}

/**
 * The scale Wasserstein is divided by: the reference std; for a (near-)constant reference column,
 * where std ≈ 0 would blow any change up to infinity, `max(|mean|, 1)` — a distance relative to the
 * constant itself, or in absolute units around zero.
 */
export function referenceScale(reference: ColumnReference): number {
  const floor = 1e-9 * Math.max(1, Math.abs(reference.mean));
  return reference.std > floor ? reference.std : Math.max(Math.abs(reference.mean), 1);
}

/**
 * Bins for PSI. A constant reference column has no cut, hence one bin and PSI ≡ 0; it gets three
 * bins instead (below, at, above the constant) with shares [0, 1, 0], so moving off it registers.
 */
export function psiBins(reference: ColumnReference): { cuts: number[]; shares: number[] } {
  if (reference.cuts.length > 0 || reference.count === 0)
    return { cuts: reference.cuts, shares: reference.proportions };
  const c = reference.min;
  return { cuts: [c - 1e-9 * Math.max(1, Math.abs(c)), c], shares: [0, 1, 0] };
}

export function psiBand(psi: number, thresholds: MonitoringThresholds): PsiBand {
  if (psi >= thresholds.psiMajor) return 'major';
  if (psi >= thresholds.psiModerate) return 'moderate';
  return 'stable';
}

function isDrifted(psi: number, wPerStd: number, t: MonitoringThresholds): boolean {
  const byPsi = psi >= t.psiModerate;
  const byWasserstein = wPerStd >= t.wassersteinPerStd;
  switch (t.driftRule) {
    case 'both':
      return byPsi && byWasserstein;
    case 'either':
      return psi >= t.psiMajor || byWasserstein;
    case 'psi':
      return psi >= t.psiMajor;
    case 'wasserstein':
      return byWasserstein;
  }
}

/** Window counts per reference category, a last slot for values that are none of them (reference share 0). */
function categoryCounts(categories: readonly number[], sorted: Float64Array): Float64Array {
  const counts = new Float64Array(categories.length + 1);
  const index = new Map(categories.map((value, i) => [value, i]));
  for (let i = 0; i < sorted.length; i++) counts[index.get(sorted[i]) ?? categories.length]++;
  return counts;
}

/**
 * PSI, Wasserstein/std, the Jensen–Shannon distance of a categorical column (at most
 * `thresholds.maxCategoricalValues` distinct reference values, see `referenceCategories`) and the
 * drift verdict of one column: Jensen–Shannon ≥ `thresholds.jensenShannon` for a categorical column
 * (Evidently's test for them), `driftRule` over PSI and Wasserstein otherwise. `values` may hold NaN
 * (missing): they are skipped. Below `thresholds.minWindowRows` values nothing is judged
 * (`insufficient-data`).
 *
 * @example
 * columnDrift(reference.features[0], ageLevels, DEFAULT_THRESHOLDS).drifted;
 */
export function columnDrift(
  reference: ColumnReference,
  values: Float64Array,
  thresholds: MonitoringThresholds,
): ColumnDrift {
  const { cuts, shares } = psiBins(reference);
  const counts = new Float64Array(shares.length);
  const present = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    present[n++] = v;
    sum += v;
    counts[binIndex(cuts, v)]++;
  }
  const q = reference.quantiles;
  const categories = referenceCategories(reference, thresholds.maxCategoricalValues);
  const base = {
    name: reference.name,
    count: n,
    test: (categories ? 'jensen-shannon' : 'psi-wasserstein') as DriftTest,
    referenceMean: reference.mean,
    referenceQuantiles: [q[10], q[50], q[90]] as [number, number, number],
  };
  if (n === 0) {
    return {
      ...base,
      psi: null,
      psiBand: 'insufficient-data',
      wassersteinPerStd: null,
      jensenShannon: null,
      drifted: false,
      windowMean: null,
      windowQuantiles: null,
    };
  }
  const sorted = present.subarray(0, n).sort();
  const psi = populationStabilityIndex(shares, counts, thresholds.psiEpsilon);
  const wPerStd = wassersteinToQuantiles(q, sorted) / referenceScale(reference);
  const enough = n >= thresholds.minWindowRows;
  const jensenShannon = categories
    ? jensenShannonDistance([...reference.proportions, 0], categoryCounts(categories, sorted))
    : null;
  return {
    ...base,
    psi,
    psiBand: enough ? psiBand(psi, thresholds) : 'insufficient-data',
    wassersteinPerStd: wPerStd,
    jensenShannon,
    drifted:
      enough &&
      (jensenShannon !== null
        ? jensenShannon >= thresholds.jensenShannon
        : isDrifted(psi, wPerStd, thresholds)),
    windowMean: sum / n,
    windowQuantiles: [quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.9)],
  };
}
