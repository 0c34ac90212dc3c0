import { formatDay } from './dates.ts';
import {
  emptyTransactionRejectCounts,
  TRANSACTION_REJECT_REASONS,
  type TransactionRejectReason,
} from './rejectReasons.ts';

/** One reported bad line. */
export interface BadTransactionLine {
  lineNumber: number;
  reason: TransactionRejectReason;
  detail: string;
}

/** What a read saw: printed at the end of every CLI run, returned beside the log. */
export interface TransactionReadSummary {
  source: string;
  format: string;
  /** Every line of the file, header included. */
  linesRead: number;
  /** Lines that became (part of) a transaction. */
  linesKept: number;
  transactions: number;
  customers: number;
  /** First and last day with a kept transaction (days since 1970-01-01), null when none. */
  firstDay: number | null;
  lastDay: number | null;
  totalAmount: number;
  rejectedTotal: number;
  rejected: Record<TransactionRejectReason, number>;
  /** The first bad lines (up to `maxReportedBadLines`), in file order. */
  firstBadLines: BadTransactionLine[];
  /** Cancellation lines left out by choice (Online Retail invoices starting with "C"), and their value. */
  cancellationLines: number;
  cancelledAmount: number;
}

export function emptyReadSummary(source: string, format: string): TransactionReadSummary {
  return {
    source,
    format,
    linesRead: 0,
    linesKept: 0,
    transactions: 0,
    customers: 0,
    firstDay: null,
    lastDay: null,
    totalAmount: 0,
    rejectedTotal: 0,
    rejected: emptyTransactionRejectCounts(),
    firstBadLines: [],
    cancellationLines: 0,
    cancelledAmount: 0,
  };
}

/**
 * The summary as readable lines (the CLIs print them).
 *
 * @example
 * console.log(formatReadSummary(summary).join('\n'));
 */
export function formatReadSummary(summary: TransactionReadSummary): string[] {
  const range =
    summary.firstDay === null || summary.lastDay === null
      ? 'no dates'
      : `${formatDay(summary.firstDay)} … ${formatDay(summary.lastDay)}`;
  const lines = [
    `${summary.source} (${summary.format}): ${summary.linesRead} lines, ${summary.transactions} transactions ` +
      `of ${summary.customers} customers, ${range}, total ${summary.totalAmount.toFixed(2)}, ` +
      `${summary.rejectedTotal} lines rejected`,
  ];
  for (const reason of TRANSACTION_REJECT_REASONS) {
    if (summary.rejected[reason] > 0) lines.push(`  rejected ${reason}: ${summary.rejected[reason]}`);
  }
  for (const bad of summary.firstBadLines)
    lines.push(`  line ${bad.lineNumber}: ${bad.reason}: ${bad.detail}`);
  if (summary.rejectedTotal > summary.firstBadLines.length) {
    lines.push(`  … ${summary.rejectedTotal - summary.firstBadLines.length} more bad lines not listed`);
  }
  if (summary.cancellationLines > 0) {
    lines.push(
      `  cancellations left out: ${summary.cancellationLines} lines worth ${summary.cancelledAmount.toFixed(2)} ` +
        '(see docs/clv.md)',
    );
  }
  return lines;
}
