import type { ColumnReference } from '../../registry/reference.ts';
import type { MonitoringThresholds } from '../config.ts';
import { referenceCategories } from './categories.ts';
import { ColumnSketch, quantileWeighted } from './columnSketch.ts';
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
  const sketch = columnSketch(reference, thresholds);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) sketch.add(values[i]);
  return sketchDrift(reference, sketch, thresholds);
}

/** The streaming state {@link sketchDrift} judges: feed it a column's present values with `add`. */
export function columnSketch(reference: ColumnReference, thresholds: MonitoringThresholds): ColumnSketch {
  return new ColumnSketch(
    reference,
    psiBins(reference).cuts,
    referenceScale(reference),
    referenceCategories(reference, thresholds.maxCategoricalValues),
  );
}

/**
 * {@link columnDrift} of a streamed column. Exact up to `EXACT_VALUES` values; beyond, W/std and the
 * window quantiles come from the sketch's fine histogram (each value moved by less than 1/32 of its
 * reference percentile piece), PSI, Jensen–Shannon, count and mean stay exact.
 */
export function sketchDrift(
  reference: ColumnReference,
  sketch: ColumnSketch,
  thresholds: MonitoringThresholds,
): ColumnDrift {
  const { shares } = psiBins(reference);
  const counts = sketch.psiCounts;
  const n = sketch.count;
  const sum = sketch.sum;
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
  const atoms = sketch.atoms();
  const psi = populationStabilityIndex(shares, counts, thresholds.psiEpsilon);
  const wPerStd = wassersteinToQuantiles(q, atoms.values, atoms.weights) / referenceScale(reference);
  const enough = n >= thresholds.minWindowRows;
  const jensenShannon =
    categories && sketch.categoryCounts
      ? jensenShannonDistance([...reference.proportions, 0], sketch.categoryCounts)
      : null;
  const quantile = (p: number) => quantileWeighted(atoms.values, atoms.weights, p);
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
    windowQuantiles: [quantile(0.1), quantile(0.5), quantile(0.9)],
  };
}
