import type { DateFormat } from './dates.ts';

/** The transaction file layouts the readers know. */
export const TRANSACTION_FORMATS = ['cdnow', 'cdnow-sample', 'online-retail', 'csv'] as const;
export type TransactionFormat = (typeof TRANSACTION_FORMATS)[number];

/**
 * Which columns of a CSV file (by header name) hold what. The amount of a line is `amount`, or
 * `quantity` × `price` when those are given instead; lines sharing an `invoice` are summed into one
 * transaction; an invoice starting with `cancellationPrefix` is a cancellation and left out (counted).
 */
export interface CsvColumnMapping {
  customer: string;
  date: string;
  amount?: string;
  quantity?: string;
  price?: string;
  invoice?: string;
  /** Default `iso` (YYYY-MM-DD, a time after it allowed). */
  dateFormat?: DateFormat;
  /** Default `,`. */
  delimiter?: string;
  cancellationPrefix?: string;
}

/**
 * The UCI Online Retail layout (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country): invoice lines summed to one transaction per invoice, cancellations ("C…") left out.
 */
export const ONLINE_RETAIL_COLUMNS: CsvColumnMapping = {
  customer: 'CustomerID',
  date: 'InvoiceDate',
  quantity: 'Quantity',
  price: 'UnitPrice',
  invoice: 'InvoiceNo',
  dateFormat: 'iso',
  cancellationPrefix: 'C',
};
