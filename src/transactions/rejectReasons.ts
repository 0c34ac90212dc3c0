/**
 * Why a line of a transaction file was not kept. Every line that is not kept is counted under exactly
 * one reason: the first problem found, reading the columns left to right.
 */
export const TRANSACTION_REJECT_REASONS = [
  'blank-line',
  'column-count',
  'unterminated-quote',
  'missing-customer',
  'bad-date',
  'non-numeric',
  'negative-amount',
  'invoice-customer-mismatch',
] as const;

export type TransactionRejectReason = (typeof TRANSACTION_REJECT_REASONS)[number];

/** One sentence per reason: what it means and the usual cause. */
export const TRANSACTION_REJECT_REASON_DESCRIPTIONS: Readonly<Record<TransactionRejectReason, string>> = {
  'blank-line': 'the line is empty',
  'column-count': 'the line does not have the columns of the format (wrong --format or --delimiter?)',
  'unterminated-quote': 'a quoted CSV field is not closed on its line',
  'missing-customer': 'the customer id is empty (Online Retail: guest checkouts without a CustomerID)',
  'bad-date': 'the date is not a calendar date in the expected format (--date-format)',
  'non-numeric': 'an amount, quantity or price is not a number',
  'negative-amount':
    'a negative amount, quantity or price outside a cancellation (returns, stock adjustments)',
  'invoice-customer-mismatch': 'a line of an invoice names another customer than the invoice’s first line',
};

/** Counts per reason, all zero. */
export function emptyTransactionRejectCounts(): Record<TransactionRejectReason, number> {
  const counts = {} as Record<TransactionRejectReason, number>;
  for (const reason of TRANSACTION_REJECT_REASONS) counts[reason] = 0;
  return counts;
}
