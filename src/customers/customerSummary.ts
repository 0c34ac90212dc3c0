import type { TransactionLog } from '../transactions/index.ts';
import { CUSTOMER_FEATURE_NAMES, type CustomerFeatureName } from './features.ts';
import { type CustomerTimelines, customerTimelines } from './timelines.ts';

/** The time unit of x-free columns (`tx`, `T`) and of model horizons. */
export const TIME_UNITS = ['weeks', 'days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { weeks: 7, days: 1 };

export interface CustomerSummaryOptions {
  /** The cut-off day (days since 1970-01-01), included: purchases on it belong to the calibration period. */
  calibrationEnd: number;
  /** Unit of `tx` and `T`. Default `weeks` (the papers' unit). */
  timeUnit?: TimeUnit;
  /** Timelines already built from the same log (they are reused by the targets). */
  timelines?: CustomerTimelines;
}

/**
 * One row per customer whose first purchase is on or before the cut-off: the BG/NBD and Gamma-Gamma
 * inputs (`x`, `tx`, `T` in `timeUnit`, `zbar`) and the customer features (days), as parallel arrays.
 */
export interface CustomerSummary {
  calibrationEnd: number;
  timeUnit: TimeUnit;
  customerIds: string[];
  /** Index of each row's customer in the log's `customerIds`. */
  logCustomer: Int32Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
  features: Record<CustomerFeatureName, Float64Array>;
}

const WINDOWS_DAYS = [30, 90, 180] as const;

/**
 * Summarise every customer at a cut-off (Fader, Hardie & Lee's calibration summary): same-day
 * purchases merged, `x` the purchase days after the first, `tx` and `T` measured from the first, `zbar`
 * the mean spend of the repeat purchase days. Reproduces the papers' CDNOW file exactly
 * (test/customers/cdnowSummary.test.ts).
 *
 * @example
 * const summary = summarizeCustomers(log, { calibrationEnd: parseIsoDateOption('1997-09-30', 'cut-off') });
 */
export function summarizeCustomers(log: TransactionLog, options: CustomerSummaryOptions): CustomerSummary {
  const { calibrationEnd, timeUnit = 'weeks' } = options;
  const timelines = options.timelines ?? customerTimelines(log);
  const { offsets, day, amount } = timelines;
  const customers = log.customerIds.length;
  let rows = 0;
  for (let c = 0; c < customers; c++)
    if (offsets[c]! < offsets[c + 1]! && day[offsets[c]!]! <= calibrationEnd) rows++;
  const unitDays = DAYS_PER_UNIT[timeUnit];
  const summary: CustomerSummary = {
    calibrationEnd,
    timeUnit,
    customerIds: new Array<string>(rows),
    logCustomer: new Int32Array(rows),
    x: new Float64Array(rows),
    tx: new Float64Array(rows),
    T: new Float64Array(rows),
    zbar: new Float64Array(rows),
    features: Object.fromEntries(
      CUSTOMER_FEATURE_NAMES.map((name) => [name, new Float64Array(rows)]),
    ) as Record<CustomerFeatureName, Float64Array>,
  };
  const f = summary.features;
  let row = 0;
  for (let c = 0; c < customers; c++) {
    const first = offsets[c]!;
    if (first === offsets[c + 1]! || day[first]! > calibrationEnd) continue;
    let last = first;
    while (last + 1 < offsets[c + 1]! && day[last + 1]! <= calibrationEnd) last++;
    const x = last - first;
    const firstDay = day[first]!;
    const lastDay = day[last]!;
    let total = 0;
    let max = 0;
    let gapSum = 0;
    let gapSquares = 0;
    const windowCounts = [0, 0, 0];
    const windowSpend = [0, 0, 0];
    for (let i = first; i <= last; i++) {
      const value = amount[i]!;
      total += value;
      max = Math.max(max, value);
      if (i > first) {
        const gap = day[i]! - day[i - 1]!;
        gapSum += gap;
        gapSquares += gap * gap;
      }
      for (let w = 0; w < WINDOWS_DAYS.length; w++) {
        // The window of 30 days up to the cut-off holds the cut-off day and the 29 before it.
        if (calibrationEnd - day[i]! < WINDOWS_DAYS[w]!) {
          windowCounts[w]!++;
          windowSpend[w]! += value;
        }
      }
    }
    const tenureDays = calibrationEnd - firstDay;
    summary.customerIds[row] = log.customerIds[c]!;
    summary.logCustomer[row] = c;
    summary.x[row] = x;
    summary.tx[row] = (lastDay - firstDay) / unitDays;
    summary.T[row] = tenureDays / unitDays;
    summary.zbar[row] = x > 0 ? (total - amount[first]!) / x : 0;
    f.frequency[row] = x;
    f.recencyDays[row] = calibrationEnd - lastDay;
    f.tenureDays[row] = tenureDays;
    f.lastPurchaseAgeDays[row] = lastDay - firstDay;
    f.totalSpend[row] = total;
    f.meanSpend[row] = total / (x + 1);
    f.meanRepeatSpend[row] = summary.zbar[row]!;
    f.firstSpend[row] = amount[first]!;
    f.lastSpend[row] = amount[last]!;
    f.maxSpend[row] = max;
    f.purchases30d[row] = windowCounts[0]!;
    f.purchases90d[row] = windowCounts[1]!;
    f.purchases180d[row] = windowCounts[2]!;
    f.spend30d[row] = windowSpend[0]!;
    f.spend90d[row] = windowSpend[1]!;
    f.spend180d[row] = windowSpend[2]!;
    const meanGap = x > 0 ? gapSum / x : Number.NaN;
    f.interPurchaseMeanDays[row] = meanGap;
    f.interPurchaseStdDays[row] =
      x > 1 ? Math.sqrt(Math.max(0, (gapSquares - x * meanGap * meanGap) / (x - 1))) : Number.NaN;
    f.lastGapDays[row] = x > 0 ? lastDay - day[last - 1]! : Number.NaN;
    f.purchasesPerMonth[row] = ((x + 1) * 30) / Math.max(tenureDays, 1);
    row++;
  }
  return summary;
}
