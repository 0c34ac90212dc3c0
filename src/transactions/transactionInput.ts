import cliProgress from 'cli-progress';
import { UsageError } from '../cli/usage.ts';
import { DATE_FORMATS, type DateFormat } from './dates.ts';
import { type CsvColumnMapping, TRANSACTION_FORMATS, type TransactionFormat } from './formats.ts';
import { datasetPath, PUBLIC_DATASETS, type PublicDatasetName } from './publicDatasets.ts';
import { readTransactions } from './readTransactions.ts';
import type { ReadTransactionsResult } from './transactionParser.ts';

/**
 * The input flags of every customer-side command (`clv`, `segments`, `cohorts`; a policy file's
 * customer source names the same three of them): a public data set, or a file with its format and,
 * for csv, its column mapping.
 */
export const TRANSACTION_INPUT_FLAGS = {
  input: { type: 'string' },
  dataset: { type: 'string' },
  format: { type: 'string' },
  customer: { type: 'string' },
  date: { type: 'string' },
  amount: { type: 'string' },
  quantity: { type: 'string' },
  price: { type: 'string' },
  invoice: { type: 'string' },
  'date-format': { type: 'string', default: 'iso' },
  delimiter: { type: 'string', default: ',' },
  strict: { type: 'boolean', default: false },
} as const;

export const TRANSACTION_INPUT_HELP = `Input (one of):
  --input FILE          a transaction file (plain or .gz) with --format
  --format F            ${TRANSACTION_FORMATS.join(' | ')}
  --dataset NAME        a public data set read in place: ${Object.keys(PUBLIC_DATASETS).join(' | ')}
                        (from $RETENTION_DATASETS_DIR, default ../shared/datasets)
CSV mapping (--format csv; header names):
  --customer COL --date COL --amount COL   or --quantity COL --price COL instead of --amount
  --invoice COL         sum lines of one invoice into one transaction
  --date-format F       ${DATE_FORMATS.join(' | ')}          default iso
  --delimiter C         default ,
  --strict              stop at the first bad line (default: count bad lines by reason and go on)`;

/** The flags as `parseArgs` returns them; any subset (a policy file gives only dataset, input, format). */
export type TransactionInputFlags = { [K in keyof typeof TRANSACTION_INPUT_FLAGS]?: string | boolean };

/** Where the transactions come from: a path, its format, the csv mapping, and a label for reports. */
export interface TransactionInput {
  path: string;
  format: TransactionFormat;
  columns?: CsvColumnMapping;
  /** The data set's name, or the file as given. */
  label: string;
}

/**
 * Resolve the input flags to a path, a format and (csv) a mapping; a UsageError says what is missing.
 *
 * @example
 * resolveTransactionInput({ dataset: 'cdnow-master' }); // { path: '…/cdnow/CDNOW_master.txt', format: 'cdnow', label: 'cdnow-master' }
 */
export function resolveTransactionInput(flags: TransactionInputFlags): TransactionInput {
  const dataset = flags.dataset as string | undefined;
  if (dataset !== undefined) {
    if (flags.input !== undefined) throw new UsageError('give --input or --dataset, not both.');
    if (!(dataset in PUBLIC_DATASETS)) {
      throw new UsageError(
        `--dataset must be one of ${Object.keys(PUBLIC_DATASETS).join(', ')}; got "${dataset}".`,
      );
    }
    const { file, format } = PUBLIC_DATASETS[dataset as PublicDatasetName];
    return { path: datasetPath(file), format, label: dataset };
  }
  const input = flags.input as string | undefined;
  if (input === undefined)
    throw new UsageError('--input FILE (with --format) or --dataset NAME is required.');
  const format = flags.format as string | undefined;
  if (format === undefined || !(TRANSACTION_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format must be one of ${TRANSACTION_FORMATS.join(', ')}; got ${format === undefined ? 'nothing' : `"${format}"`}.`,
    );
  }
  if (format !== 'csv') return { path: input, format: format as TransactionFormat, label: input };
  const dateFormat = (flags['date-format'] ?? TRANSACTION_INPUT_FLAGS['date-format'].default) as string;
  if (!(DATE_FORMATS as readonly string[]).includes(dateFormat)) {
    throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(', ')}; got "${dateFormat}".`);
  }
  if (flags.customer === undefined || flags.date === undefined) {
    throw new UsageError(
      '--format csv needs --customer COL and --date COL (header names), and --amount COL or --quantity and --price.',
    );
  }
  const optional = (name: 'amount' | 'quantity' | 'price' | 'invoice') =>
    flags[name] === undefined ? {} : { [name]: flags[name] as string };
  return {
    path: input,
    format: 'csv',
    label: input,
    columns: {
      customer: flags.customer as string,
      date: flags.date as string,
      ...optional('amount'),
      ...optional('quantity'),
      ...optional('price'),
      ...optional('invoice'),
      dateFormat: dateFormat as DateFormat,
      delimiter: (flags.delimiter ?? TRANSACTION_INPUT_FLAGS.delimiter.default) as string,
    },
  };
}

/**
 * Read the transactions the flags name, with a progress bar when `stream` is a terminal.
 *
 * @example
 * const { log, summary, label } = await readTransactionInput({ dataset: 'cdnow-master' });
 */
export async function readTransactionInput(
  flags: TransactionInputFlags,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<ReadTransactionsResult & Omit<TransactionInput, 'columns'>> {
  const { path, format, columns, label } = resolveTransactionInput(flags);
  const bar = stream.isTTY
    ? new cliProgress.SingleBar(
        {
          stream,
          format: `reading ${format} [{bar}] {percentage}% | {duration_formatted}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(100, 0);
  try {
    const result = await readTransactions(path, {
      format,
      ...(columns ? { columns } : {}),
      strict: Boolean(flags.strict),
      onProgress: (read, total) => bar?.update(Math.round((100 * read) / Math.max(total, 1))),
    });
    return { ...result, path, format, label };
  } finally {
    bar?.stop();
  }
}
