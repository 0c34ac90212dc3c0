/**
 * The customer features of a summary at a cut-off (version `c1`), in model-input order: recency,
 * frequency, monetary value, tenure, time windows and inter-purchase statistics. Days throughout,
 * whatever the time unit of the BG/NBD columns. Undefined statistics (the gap between purchases of a
 * one-time buyer) are NaN, which the tree models send left.
 */
export const CUSTOMER_FEATURE_VERSION = 'c1';

export const CUSTOMER_FEATURE_NAMES = [
  'frequency',
  'recencyDays',
  'tenureDays',
  'lastPurchaseAgeDays',
  'totalSpend',
  'meanSpend',
  'meanRepeatSpend',
  'firstSpend',
  'lastSpend',
  'maxSpend',
  'purchases30d',
  'purchases90d',
  'purchases180d',
  'spend30d',
  'spend90d',
  'spend180d',
  'interPurchaseMeanDays',
  'interPurchaseStdDays',
  'lastGapDays',
  'purchasesPerMonth',
] as const;

export type CustomerFeatureName = (typeof CUSTOMER_FEATURE_NAMES)[number];

/** What each feature means (docs/clv.md lists the same). */
export const CUSTOMER_FEATURE_DESCRIPTIONS: Readonly<Record<CustomerFeatureName, string>> = {
  frequency: 'repeat purchases x (purchase days after the first, same-day merged)',
  recencyDays: 'days from the last purchase to the cut-off',
  tenureDays: 'days from the first purchase to the cut-off (T in days)',
  lastPurchaseAgeDays: 'days from the first to the last purchase (t_x in days)',
  totalSpend: 'spend of all purchases up to the cut-off',
  meanSpend: 'mean spend per purchase day, first included',
  meanRepeatSpend: 'mean spend per repeat purchase day (zbar; 0 without repeats)',
  firstSpend: 'spend of the first purchase day',
  lastSpend: 'spend of the last purchase day',
  maxSpend: 'largest spend of a purchase day',
  purchases30d: 'purchase days in the 30 days up to the cut-off',
  purchases90d: 'purchase days in the 90 days up to the cut-off',
  purchases180d: 'purchase days in the 180 days up to the cut-off',
  spend30d: 'spend in the 30 days up to the cut-off',
  spend90d: 'spend in the 90 days up to the cut-off',
  spend180d: 'spend in the 180 days up to the cut-off',
  interPurchaseMeanDays: 'mean days between purchase days (NaN with fewer than 2)',
  interPurchaseStdDays: 'standard deviation of days between purchase days (NaN with fewer than 3)',
  lastGapDays: 'days between the last two purchase days (NaN with fewer than 2)',
  purchasesPerMonth: 'purchase days per 30 days of tenure (tenure at least 1 day)',
};
