import type { CustomerSummary } from './customerSummary.ts';
import type { CustomerTimelines } from './timelines.ts';

/** What to predict after the cut-off. Lives in config files and CLI flags; defaults below. */
export interface TargetConfig {
  /** The purchase flag and spend look this many days past the cut-off. Default 90. */
  horizonDays: number;
  /** The spend buckets look this many days past the cut-off. Default 182 (six months). */
  bucketHorizonDays: number;
  /** Upper bounds of the spend buckets, increasing, starting at 0: [0, 50, 250] → 0, (0, 50], (50, 250], > 250. */
  bucketEdges: number[];
}

export const DEFAULT_TARGET_CONFIG: Readonly<TargetConfig> = {
  horizonDays: 90,
  bucketHorizonDays: 182,
  bucketEdges: [0, 50, 250],
};

/** Per summary row: what happened after the cut-off. */
export interface CustomerTargets {
  config: TargetConfig;
  /** 1 when the customer bought in the horizon, else 0. */
  purchased: Float64Array;
  /** Spend in the horizon. */
  spend: Float64Array;
  /** Purchase days in the horizon (same-day merged, as BG/NBD counts them). */
  purchases: Float64Array;
  /** Spend in the bucket horizon and its bucket index (into `bucketLabels`). */
  bucketSpend: Float64Array;
  bucket: Int32Array;
  bucketLabels: string[];
  /** Last day the log covers; a window reaching past it is incomplete (its targets undercount). */
  observedUntil: number;
  horizonComplete: boolean;
  bucketHorizonComplete: boolean;
}

/**
 * Targets after the cut-off for every customer of a summary, from the same timelines: the window of
 * H days holds days cut-off + 1 … cut-off + H.
 *
 * @example
 * const targets = buildTargets(summary, timelines, summaryOfRead.lastDay, { ...DEFAULT_TARGET_CONFIG, horizonDays: 90 });
 */
export function buildTargets(
  summary: CustomerSummary,
  timelines: CustomerTimelines,
  observedUntil: number,
  config: TargetConfig = DEFAULT_TARGET_CONFIG,
): CustomerTargets {
  checkTargetConfig(config);
  const { horizonDays, bucketHorizonDays, bucketEdges } = config;
  const rows = summary.x.length;
  const targets: CustomerTargets = {
    config,
    purchased: new Float64Array(rows),
    spend: new Float64Array(rows),
    purchases: new Float64Array(rows),
    bucketSpend: new Float64Array(rows),
    bucket: new Int32Array(rows),
    bucketLabels: bucketLabels(bucketEdges),
    observedUntil,
    horizonComplete: summary.calibrationEnd + horizonDays <= observedUntil,
    bucketHorizonComplete: summary.calibrationEnd + bucketHorizonDays <= observedUntil,
  };
  const { offsets, day, amount } = timelines;
  const cutOff = summary.calibrationEnd;
  for (let row = 0; row < rows; row++) {
    const c = summary.logCustomer[row]!;
    let spend = 0;
    let purchases = 0;
    let bucketSpend = 0;
    for (let i = offsets[c]!; i < offsets[c + 1]!; i++) {
      const after = day[i]! - cutOff;
      if (after <= 0) continue;
      if (after <= horizonDays) {
        spend += amount[i]!;
        purchases++;
      }
      if (after <= bucketHorizonDays) bucketSpend += amount[i]!;
    }
    targets.purchased[row] = purchases > 0 ? 1 : 0;
    targets.spend[row] = spend;
    targets.purchases[row] = purchases;
    targets.bucketSpend[row] = bucketSpend;
    targets.bucket[row] = bucketOf(bucketSpend, bucketEdges);
  }
  return targets;
}

/** The bucket index of a spend: 0 up to edges[0], k for (edges[k−1], edges[k]], edges.length above the last. */
export function bucketOf(spend: number, edges: number[]): number {
  for (let k = 0; k < edges.length; k++) if (spend <= edges[k]!) return k;
  return edges.length;
}

function bucketLabels(edges: number[]): string[] {
  const labels = [String(edges[0])];
  for (let k = 1; k < edges.length; k++) labels.push(`(${edges[k - 1]}, ${edges[k]}]`);
  labels.push(`> ${edges[edges.length - 1]}`);
  return labels;
}

function checkTargetConfig({ horizonDays, bucketHorizonDays, bucketEdges }: TargetConfig): void {
  if (
    !(
      Number.isInteger(horizonDays) &&
      horizonDays > 0 &&
      Number.isInteger(bucketHorizonDays) &&
      bucketHorizonDays > 0
    )
  ) {
    throw new RangeError(
      `targets: horizons must be whole days > 0 (got horizonDays ${horizonDays}, bucketHorizonDays ${bucketHorizonDays}).`,
    );
  }
  const increasing = bucketEdges.every((edge, k) => k === 0 || edge > bucketEdges[k - 1]!);
  if (bucketEdges.length === 0 || bucketEdges[0] !== 0 || !increasing) {
    throw new RangeError(
      `targets: bucketEdges must start at 0 and increase (got [${bucketEdges.join(', ')}]).`,
    );
  }
}
