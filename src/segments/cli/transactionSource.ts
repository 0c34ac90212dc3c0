import { UsageError } from '../../cli/usage.ts';
import {
  datasetPath,
  PUBLIC_DATASETS,
  type PublicDatasetName,
  type ReadTransactionsResult,
  readTransactions,
  TRANSACTION_FORMATS,
  type TransactionFormat,
} from '../../transactions/index.ts';

/** The flags every customer-side CLI of this folder shares. */
export const TRANSACTION_SOURCE_FLAGS = {
  dataset: { type: 'string' },
  input: { type: 'string' },
  format: { type: 'string' },
} as const;

export const TRANSACTION_SOURCE_HELP = `  --dataset NAME    a public data set from ../shared/datasets (RETENTION_DATASETS_DIR):
                    ${Object.keys(PUBLIC_DATASETS).join(' | ')}
  --input FILE      a transaction file instead, with
  --format F        its format: ${TRANSACTION_FORMATS.filter((f) => f !== 'csv').join(' | ')}`;

/**
 * Read the transactions the flags name: `--dataset` or `--input` with `--format`.
 *
 * @example
 * const { log, summary, label } = await readTransactionSource({ dataset: 'cdnow-master' });
 */
export async function readTransactionSource(flags: {
  dataset?: string;
  input?: string;
  format?: string;
}): Promise<ReadTransactionsResult & { label: string }> {
  if (flags.dataset !== undefined && flags.input !== undefined) {
    throw new UsageError('give --dataset or --input, not both.');
  }
  if (flags.dataset !== undefined) {
    const entry = PUBLIC_DATASETS[flags.dataset as PublicDatasetName];
    if (!entry) {
      throw new UsageError(
        `--dataset must be one of ${Object.keys(PUBLIC_DATASETS).join(', ')}; got "${flags.dataset}".`,
      );
    }
    const path = datasetPath(entry.file);
    return { ...(await readTransactions(path, { format: entry.format })), label: flags.dataset };
  }
  if (flags.input === undefined) throw new UsageError('give --dataset NAME or --input FILE --format F.');
  const format = flags.format as TransactionFormat | undefined;
  if (format === undefined || !TRANSACTION_FORMATS.includes(format) || format === 'csv') {
    throw new UsageError(
      `--format must be one of ${TRANSACTION_FORMATS.filter((f) => f !== 'csv').join(', ')} with --input; got "${flags.format ?? ''}".`,
    );
  }
  return { ...(await readTransactions(flags.input, { format })), label: flags.input };
}
