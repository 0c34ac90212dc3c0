import {
  buildTargets,
  CUSTOMER_FEATURE_NAMES,
  type CustomerSummary,
  type CustomerTargets,
  type CustomerTimelines,
  customerTimelines,
  summarizeCustomers,
} from '../../customers/index.ts';
import { Matrix } from '../../ml/index.ts';
import { formatDay, type TransactionLog } from '../../transactions/index.ts';
import type { CustomerValueConfig } from './customerValueConfig.ts';

/** Customers summarised at one cut-off with what they did in the horizon after it. */
export interface CustomerSnapshot {
  summary: CustomerSummary;
  targets: CustomerTargets;
  X: Matrix;
}

/**
 * The chronological design: the supervised model learns at cut-off E − H (features up to it, targets
 * in (E − H, E]); every model is judged on the same holdout customers at E (features and BG/NBD
 * inputs up to E, targets in (E, E + H]). Nothing after E is seen before the holdout.
 */
export interface CustomerDesign {
  training: CustomerSnapshot;
  holdout: CustomerSnapshot;
  /** Last day of the log. */
  observedUntil: number;
  /** Every customer's purchase days (same-day merged), for the repeat-transaction figures. */
  timelines: CustomerTimelines;
}

/** The rows × customer features matrix of a summary, in CUSTOMER_FEATURE_NAMES order. */
export function customerFeatureMatrix(summary: CustomerSummary): Matrix {
  return Matrix.fromColumns(
    CUSTOMER_FEATURE_NAMES,
    CUSTOMER_FEATURE_NAMES.map((name) => summary.features[name]),
  );
}

/**
 * Build both snapshots from a log, or throw a sentence when the log is too short for them.
 *
 * @example
 * const { training, holdout } = customerDesign(log, lastDay, config);
 */
export function customerDesign(
  log: TransactionLog,
  observedUntil: number,
  config: CustomerValueConfig,
): CustomerDesign {
  const { calibrationEnd, horizonDays, timeUnit } = config;
  if (calibrationEnd + horizonDays > observedUntil) {
    throw new RangeError(
      `--calibration-end ${formatDay(calibrationEnd)} + ${horizonDays} days passes the last transaction day ` +
        `${formatDay(observedUntil)}: the holdout would be incomplete; choose ${formatDay(observedUntil - horizonDays)} or earlier.`,
    );
  }
  const timelines = customerTimelines(log);
  const snapshot = (cutOff: number): CustomerSnapshot => {
    const summary = summarizeCustomers(log, { calibrationEnd: cutOff, timeUnit, timelines });
    const targets = buildTargets(summary, timelines, observedUntil, {
      horizonDays,
      bucketHorizonDays: horizonDays,
      bucketEdges: [0],
    });
    return { summary, targets, X: customerFeatureMatrix(summary) };
  };
  const training = snapshot(calibrationEnd - horizonDays);
  const holdout = snapshot(calibrationEnd);
  for (const [name, part] of [
    ['training', training],
    ['holdout', holdout],
  ] as const) {
    if (part.summary.x.length < 50) {
      throw new RangeError(
        `only ${part.summary.x.length} customers bought before the ${name} cut-off; move --calibration-end later or bring more data.`,
      );
    }
  }
  return { training, holdout, observedUntil, timelines };
}
