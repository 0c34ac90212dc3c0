import cliProgress from 'cli-progress';
import { UsageError } from '../../cli/usage.ts';
import {
  type CsvColumnMapping,
  DATE_FORMATS,
  type DateFormat,
  datasetPath,
  PUBLIC_DATASETS,
  type PublicDatasetName,
  type ReadTransactionsResult,
  readTransactions,
  TRANSACTION_FORMATS,
  type TransactionFormat,
} from '../../transactions/index.ts';

/** The input flags every `clv` subcommand shares. */
export const CLV_INPUT_FLAGS = {
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

export const CLV_INPUT_HELP = `Input (one of):
  --input FILE          a transaction file (plain or .gz) with --format
  --format F            cdnow | cdnow-sample | online-retail | csv
  --dataset NAME        a public data set read in place: ${Object.keys(PUBLIC_DATASETS).join(' | ')}
                        (from $RETENTION_DATASETS_DIR, default ../shared/datasets)
CSV mapping (--format csv; header names):
  --customer COL --date COL --amount COL   or --quantity COL --price COL instead of --amount
  --invoice COL         sum lines of one invoice into one transaction
  --date-format F       ${DATE_FORMATS.join(' | ')}          default iso
  --delimiter C         default ,
  --strict              stop at the first bad line (default: count bad lines by reason and go on)`;

type InputFlags = { [K in keyof typeof CLV_INPUT_FLAGS]?: string | boolean };

/** Resolve the input flags to a path, a format and (csv) a mapping; a UsageError says what is missing. */
export function resolveClvInput(flags: InputFlags): {
  path: string;
  format: TransactionFormat;
  columns?: CsvColumnMapping;
} {
  const dataset = flags.dataset as string | undefined;
  if (dataset !== undefined) {
    if (flags.input !== undefined) throw new UsageError('give --input or --dataset, not both.');
    if (!(dataset in PUBLIC_DATASETS)) {
      throw new UsageError(
        `--dataset must be one of ${Object.keys(PUBLIC_DATASETS).join(', ')}; got "${dataset}".`,
      );
    }
    const { file, format } = PUBLIC_DATASETS[dataset as PublicDatasetName];
    return { path: datasetPath(file), format };
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
  if (format !== 'csv') return { path: input, format: format as TransactionFormat };
  const dateFormat = flags['date-format'] as string;
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
    columns: {
      customer: flags.customer as string,
      date: flags.date as string,
      ...optional('amount'),
      ...optional('quantity'),
      ...optional('price'),
      ...optional('invoice'),
      dateFormat: dateFormat as DateFormat,
      delimiter: flags.delimiter as string,
    },
  };
}

/** Read the input with a progress bar on a terminal. */
export async function readClvInput(
  flags: InputFlags,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<ReadTransactionsResult & { path: string }> {
  const { path, format, columns } = resolveClvInput(flags);
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
    return { ...result, path };
  } finally {
    bar?.stop();
  }
}

/** `90d`, `12w` or `90` → days. */
export function parseDaysOption(text: string, option: string): number {
  const match = /^(\d+)([dw]?)$/.exec(text.trim());
  const days = match ? Number(match[1]) * (match[2] === 'w' ? 7 : 1) : Number.NaN;
  if (!(days >= 1))
    throw new UsageError(`${option} must be a whole number of days (90d) or weeks (13w); got "${text}".`);
  return days;
}

/** A number option within bounds, or a UsageError naming it. */
export function parseNumberOption(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!(text.trim() !== '' && value >= min && value <= max)) {
    throw new UsageError(`${option} must be a number in [${min}, ${max}]; got "${text}".`);
  }
  return value;
}
