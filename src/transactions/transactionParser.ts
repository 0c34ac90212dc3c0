import { BadTransactionLineError, TransactionInputError } from './errors.ts';
import { type CsvColumnMapping, ONLINE_RETAIL_COLUMNS, type TransactionFormat } from './formats.ts';
import { cdnowFormat, csvFormat, type LineFormat } from './lineFormats.ts';
import { emptyReadSummary, type TransactionReadSummary } from './readSummary.ts';
import { TRANSACTION_REJECT_REASONS } from './rejectReasons.ts';
import { type TransactionLog, TransactionLogBuilder } from './transactionLog.ts';

export interface ParseTransactionsOptions {
  format: TransactionFormat;
  /** The column mapping of `csv` (required there; ignored by the other formats). */
  columns?: CsvColumnMapping;
  /** Stop at the first bad line with a one-line error. Default false: count and skip. */
  strict?: boolean;
  /** How many bad lines the summary lists with their line numbers. Default 20. */
  maxReportedBadLines?: number;
  /** Name of the input in messages. Default `input`. */
  source?: string;
}

export interface ReadTransactionsResult {
  log: TransactionLog;
  summary: TransactionReadSummary;
}

function lineFormatOf({ format, columns }: ParseTransactionsOptions): LineFormat {
  switch (format) {
    case 'cdnow':
      return cdnowFormat(false);
    case 'cdnow-sample':
      return cdnowFormat(true);
    case 'online-retail':
      return csvFormat(ONLINE_RETAIL_COLUMNS);
    case 'csv':
      if (!columns) {
        throw new TransactionInputError(
          '--format csv needs a column mapping: --customer, --date and --amount.',
        );
      }
      return csvFormat(columns);
    default:
      throw new TransactionInputError(
        `unknown format ${JSON.stringify(format)}; use cdnow, cdnow-sample, online-retail or csv.`,
      );
  }
}

/**
 * Turns lines of a transaction file into a {@link TransactionLog}, counting every line it does not keep
 * by reason with its line number. Push lines in file order, then `end()`.
 *
 * @example
 * const parser = new TransactionParser({ format: 'cdnow' });
 * for (const line of text.split('\n')) parser.push(line);
 * const { log, summary } = parser.end();
 */
export class TransactionParser {
  private readonly format: LineFormat;
  private readonly builder = new TransactionLogBuilder();
  private readonly summary: TransactionReadSummary;
  private readonly invoices = new Map<string, number>();
  private readonly strict: boolean;
  private readonly maxReportedBadLines: number;
  private dataLines = 0;

  constructor(options: ParseTransactionsOptions) {
    this.format = lineFormatOf(options);
    this.strict = options.strict ?? false;
    this.maxReportedBadLines = options.maxReportedBadLines ?? 20;
    this.summary = emptyReadSummary(options.source ?? 'input', options.format);
  }

  get progress(): Readonly<TransactionReadSummary> {
    return this.summary;
  }

  push(line: string): void {
    const summary = this.summary;
    const lineNumber = ++summary.linesRead;
    if (lineNumber === 1) {
      try {
        if (this.format.readHeader(line)) return;
      } catch (error) {
        if (error instanceof TransactionInputError) {
          throw new TransactionInputError(`${summary.source}:1: ${error.message}`);
        }
        throw error;
      }
    }
    this.dataLines++;
    if (line.trim() === '') {
      this.reject(lineNumber, 'blank-line', () => 'empty line');
      return;
    }
    const outcome = this.format.parse(line);
    if (outcome.kind === 'rejected') {
      this.reject(lineNumber, outcome.reason, outcome.detail);
      return;
    }
    if (outcome.kind === 'cancellation') {
      summary.cancellationLines++;
      summary.cancelledAmount += outcome.amount;
      return;
    }
    const { customer, day, amount, invoice } = outcome;
    if (invoice !== null) {
      const transaction = this.invoices.get(invoice);
      if (transaction !== undefined) {
        if (this.builder.customerOf(transaction) !== customer) {
          this.reject(
            lineNumber,
            'invoice-customer-mismatch',
            () =>
              `invoice ${invoice} belongs to customer ${this.builder.customerOf(transaction)}, not ${customer}`,
          );
          return;
        }
        this.builder.addAmount(transaction, amount);
        this.keep(day, amount, false);
        return;
      }
      this.invoices.set(invoice, this.builder.add(customer, day, amount));
    } else {
      this.builder.add(customer, day, amount);
    }
    this.keep(day, amount, true);
  }

  /** The log and the summary. Throws a one-line error when nothing at all could be read. */
  end(): ReadTransactionsResult {
    const log = this.builder.build();
    const summary = this.summary;
    summary.transactions = log.length;
    summary.customers = log.customerIds.length;
    if (this.dataLines === 0) {
      throw new TransactionInputError(`${summary.source} has no transaction lines (the file is empty).`);
    }
    if (log.length === 0 && summary.cancellationLines === 0) {
      const reason = TRANSACTION_REJECT_REASONS.reduce((most, r) =>
        summary.rejected[r] > summary.rejected[most] ? r : most,
      );
      const first = summary.firstBadLines[0];
      throw new TransactionInputError(
        `${summary.source}: none of its ${summary.linesRead} lines is a ${summary.format} transaction ` +
          `(most lines ${reason}: ${summary.rejected[reason]}${first ? `; line ${first.lineNumber}: ${first.detail}` : ''}); ` +
          'check --format (cdnow, cdnow-sample, online-retail, csv).',
      );
    }
    return { log, summary };
  }

  private keep(day: number, amount: number, newTransaction: boolean): void {
    const summary = this.summary;
    summary.linesKept++;
    summary.totalAmount += amount;
    if (newTransaction) {
      if (summary.firstDay === null || day < summary.firstDay) summary.firstDay = day;
      if (summary.lastDay === null || day > summary.lastDay) summary.lastDay = day;
    }
  }

  private reject(
    lineNumber: number,
    reason: (typeof TRANSACTION_REJECT_REASONS)[number],
    detail: () => string,
  ): void {
    if (this.strict) throw new BadTransactionLineError(this.summary.source, lineNumber, reason, detail());
    this.summary.rejected[reason]++;
    this.summary.rejectedTotal++;
    if (this.summary.firstBadLines.length < this.maxReportedBadLines) {
      this.summary.firstBadLines.push({ lineNumber, reason, detail: detail() });
    }
  }
}
