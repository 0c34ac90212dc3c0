import { z } from 'zod';

/** The columns of a transaction log cohorts read: customer index, day (days since 1970-01-01 UTC), amount. */
export interface TransactionColumns {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  length: number;
}

/**
 * First-purchase-month cohorts × months since the first purchase. Cells a cohort has not reached by
 * the last month of the data are NaN (not observed), not 0.
 */
export interface CohortMatrices {
  /** Cohort labels, "YYYY-MM", oldest first. */
  cohorts: string[];
  /** Customers whose first purchase fell in each cohort's month. */
  sizes: number[];
  /** Months since the first purchase: 0 … maxOffset. */
  monthsSince: number[];
  /** Share of the cohort's customers buying in that month (cohorts × months, row-major). */
  retention: Float64Array;
  /** Revenue of the cohort in that month (row-major). */
  revenue: Float64Array;
  /** Revenue per customer of the cohort: revenue / size. */
  revenuePerCustomer: Float64Array;
  /** The last month in the data, "YYYY-MM" (often partial: its cells count only the days seen). */
  lastMonth: string;
}

/** Months since January 1970 of a day number. */
export function monthOfDay(day: number): number {
  const date = new Date(day * 86_400_000);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

export function monthLabel(month: number): string {
  const year = 1970 + Math.floor(month / 12);
  return `${year}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/**
 * Cohort retention and revenue matrices from a transaction log, in two passes over the
 * transactions (any order): first month per customer, then who bought and how much per
 * (cohort, month since). A customer counts once per month however many purchases.
 *
 * @example
 * const { cohorts, retention, monthsSince } = cohortMatrices(log);
 * retention[c * monthsSince.length + 3]; // share of cohort c buying in its 4th month
 */
export function cohortMatrices(log: TransactionColumns): CohortMatrices {
  if (log.length === 0)
    throw new Error('cohortMatrices: the transaction log is empty; nothing to group into cohorts.');
  let nCustomers = 0;
  for (let t = 0; t < log.length; t++) nCustomers = Math.max(nCustomers, log.customer[t] + 1);
  const month = new Int32Array(log.length);
  const firstMonth = new Int32Array(nCustomers).fill(2 ** 31 - 1);
  let minMonth = 2 ** 31 - 1;
  let maxMonth = -(2 ** 31);
  for (let t = 0; t < log.length; t++) {
    const m = monthOfDay(log.day[t]);
    month[t] = m;
    if (m < firstMonth[log.customer[t]]) firstMonth[log.customer[t]] = m;
    if (m < minMonth) minMonth = m;
    if (m > maxMonth) maxMonth = m;
  }
  const nCohorts = maxMonth - minMonth + 1;
  const nOffsets = nCohorts;
  const sizes = new Array<number>(nCohorts).fill(0);
  for (let c = 0; c < nCustomers; c++) if (firstMonth[c] <= maxMonth) sizes[firstMonth[c] - minMonth]++;
  const active = new Float64Array(nCohorts * nOffsets);
  const revenue = new Float64Array(nCohorts * nOffsets);
  // One bit per (customer, month since): a customer counts once in a month.
  const seen = new Uint8Array(nCustomers * nOffsets);
  for (let t = 0; t < log.length; t++) {
    const customer = log.customer[t];
    const cohort = firstMonth[customer] - minMonth;
    const offset = month[t] - firstMonth[customer];
    const cell = cohort * nOffsets + offset;
    revenue[cell] += log.amount[t];
    if (seen[customer * nOffsets + offset] === 0) {
      seen[customer * nOffsets + offset] = 1;
      active[cell]++;
    }
  }
  // Keep only cohorts that have customers (a month without first purchases is skipped).
  const kept = sizes.flatMap((size, c) => (size > 0 ? [c] : []));
  const retentionOut = new Float64Array(kept.length * nOffsets);
  const revenueOut = new Float64Array(kept.length * nOffsets);
  const perCustomer = new Float64Array(kept.length * nOffsets);
  kept.forEach((c, row) => {
    for (let offset = 0; offset < nOffsets; offset++) {
      const observed = minMonth + c + offset <= maxMonth;
      const cell = row * nOffsets + offset;
      retentionOut[cell] = observed ? active[c * nOffsets + offset] / sizes[c] : Number.NaN;
      revenueOut[cell] = observed ? revenue[c * nOffsets + offset] : Number.NaN;
      perCustomer[cell] = observed ? revenue[c * nOffsets + offset] / sizes[c] : Number.NaN;
    }
  });
  return {
    cohorts: kept.map((c) => monthLabel(minMonth + c)),
    sizes: kept.map((c) => sizes[c]),
    monthsSince: Array.from({ length: nOffsets }, (_, m) => m),
    retention: retentionOut,
    revenue: revenueOut,
    revenuePerCustomer: perCustomer,
    lastMonth: monthLabel(maxMonth),
  };
}

/**
 * The average retention curve: for each month since, the customer-weighted share of all cohorts
 * that have reached it.
 */
export function averageRetention(matrices: CohortMatrices): number[] {
  const nOffsets = matrices.monthsSince.length;
  return matrices.monthsSince.map((offset) => {
    let buyers = 0;
    let customers = 0;
    matrices.sizes.forEach((size, row) => {
      const share = matrices.retention[row * nOffsets + offset];
      if (Number.isNaN(share)) return;
      buyers += share * size;
      customers += size;
    });
    return customers > 0 ? buyers / customers : Number.NaN;
  });
}

/** One matrix row per cohort; null where the cohort had not reached that month. */
const cohortRows = z.array(z.array(z.number().nullable()));

/**
 * The matrices as JSON (`cohorts.json` of the cohorts CLI and of a customer-value version folder):
 * NaN (not reached) becomes null. The schema is what a reader checks.
 */
export const CohortsFileSchema = z
  .object({
    cohorts: z.array(z.string().regex(/^\d{4}-\d{2}$/)),
    sizes: z.array(z.number().int().nonnegative()),
    monthsSince: z.array(z.number().int().nonnegative()),
    lastMonth: z.string(),
    retention: cohortRows,
    revenue: cohortRows,
    revenuePerCustomer: cohortRows,
    averageRetention: z.array(z.number().nullable()),
  })
  .refine(
    (f) =>
      f.sizes.length === f.cohorts.length &&
      f.retention.length === f.cohorts.length &&
      f.retention.every((row) => row.length === f.monthsSince.length),
    { message: 'one size and one retention row of monthsSince cells per cohort' },
  );
export type CohortsFile = z.infer<typeof CohortsFileSchema>;

/** Matrices as JSON: NaN (not reached) becomes null. */
export function cohortsJson(matrices: CohortMatrices): CohortsFile {
  const nested = (values: Float64Array) =>
    matrices.cohorts.map((_, c) =>
      Array.from(
        values.subarray(c * matrices.monthsSince.length, (c + 1) * matrices.monthsSince.length),
        (v) => (Number.isNaN(v) ? null : v),
      ),
    );
  return {
    cohorts: matrices.cohorts,
    sizes: matrices.sizes,
    monthsSince: matrices.monthsSince,
    lastMonth: matrices.lastMonth,
    retention: nested(matrices.retention),
    revenue: nested(matrices.revenue),
    revenuePerCustomer: nested(matrices.revenuePerCustomer),
    averageRetention: averageRetention(matrices).map((v) => (Number.isNaN(v) ? null : v)),
  };
}
