import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, UsageError } from '../cli/usage.ts';
import { BadLineError, LogInputError, SeparatorDetectionError } from '../data/parse/index.ts';
import { OracleFileError } from './oracleReader.ts';
import { parseThreadSetting, type ThreadSetting } from './parallel/index.ts';
import { prepareDataset } from './prepareDataset.ts';
import { createProgressReporter } from './progressReporter.ts';
import {
  DEFAULT_SPLIT_FRACTIONS,
  parseSplitFractions,
  type SplitFractions,
  SplitFractionsError,
} from './splits.ts';

export const DATA_PREPARE_HELP = `Usage: npm run data:prepare -- [--input FILE …] [--out DIR] [--split 70/15/15] [--strict] [--threads N|auto]

Parse the behaviour log, rebuild sessions, compute labels and features, and write
DIR/features.arrow (Arrow IPC, one row per page) and DIR/manifest.json (docs/data.md).
A simulator oracle FILE.oracle.csv beside an input adds the oracle columns.

  --input FILE   a log file; repeat for several (default: data/raw/*.txt)
  --out DIR      output folder (default: data/processed)
  --split T/V/S  train/validation/test shares by session, later sessions last (default 70/15/15)
  --strict       any bad line is fatal (exit 1) instead of being counted and skipped
  --threads N    run on N worker threads, the input cut at session boundaries (each
                 piece parsed once for the first 512 MiB of input); auto (default) = one
                 per core (at most 4) for inputs of 16 MiB and more, else 1 (two passes
                 on this thread). The output is byte-identical whatever N.
  --help         show this help

Exit codes: 0 written, 1 failed (bad line in --strict, unreadable input), 2 bad usage.`;

/** Where the CLI writes; tests pass collectors. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

function defaultInputs(): string[] {
  const dir = 'data/raw';
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

function parseFlags(argv: readonly string[]) {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      input: { type: 'string', multiple: true },
      out: { type: 'string', default: 'data/processed' },
      split: { type: 'string' },
      strict: { type: 'boolean', default: false },
      threads: { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  let fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS;
  if (values.split !== undefined) {
    try {
      fractions = parseSplitFractions(values.split);
    } catch (error) {
      if (error instanceof SplitFractionsError) throw new UsageError(error.message);
      throw error;
    }
  }
  let threads: ThreadSetting;
  try {
    threads = parseThreadSetting(values.threads);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { ...values, fractions, threads };
}

/**
 * The `data:prepare` command: flags in, exit code out (0 written, 1 failure, 2 bad usage).
 *
 * @example
 * process.exitCode = await runDataPrepare(process.argv.slice(2), { stdout, stderr, isTTY });
 */
export async function runDataPrepare(argv: readonly string[], io: CliIo): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    io.stderr(`data:prepare: ${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (flags.help) {
    io.stdout(`${DATA_PREPARE_HELP}\n`);
    return 0;
  }
  const inputs = flags.input ?? defaultInputs();
  if (inputs.length === 0) {
    io.stderr(
      'data:prepare: no input: data/raw/ has no .txt file. Run `npm run data:generate` (simulated log) or put the ' +
        'real log at data/raw/alibaba_behavior.txt (see data/raw/README.md), or pass --input FILE.\n',
    );
    return 2;
  }
  const progress = createProgressReporter({ isTTY: io.isTTY, write: io.stderr });
  const startMs = performance.now();
  try {
    const report = await prepareDataset({
      inputs,
      outDir: flags.out,
      strict: flags.strict,
      fractions: flags.fractions,
      threads: flags.threads,
      onProgress: progress.update,
      onMessage: (line) => {
        progress.stop();
        io.stdout(`${line}\n`);
      },
    });
    progress.stop();
    const { manifest } = report;
    const seconds = (performance.now() - startMs) / 1000;
    const bytes = manifest.inputs.reduce((sum, input) => sum + input.sizeBytes, 0);
    io.stdout(
      `wrote ${report.featuresPath}: ${manifest.rows} rows × ${manifest.columns.length} columns, ${manifest.sessions} sessions ` +
        `(train ${manifest.splits.train.sessions}, validation ${manifest.splits.validation.sessions}, test ${manifest.splits.test.sessions}), ` +
        `features ${manifest.featureVersion}${manifest.hasOracle ? ', with oracle' : ''}\n` +
        `wrote ${report.manifestPath}\n` +
        `done in ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(1)} MB/s on ${report.threads} thread${report.threads === 1 ? '' : 's'}; ` +
        `scan ${report.seconds.scan.toFixed(1)} s, table ${report.seconds.table.toFixed(1)} s)\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    const known =
      error instanceof BadLineError ||
      error instanceof LogInputError ||
      error instanceof SeparatorDetectionError ||
      error instanceof OracleFileError;
    io.stderr(`data:prepare: ${known ? (error as Error).message : (error as Error).stack}\n`);
    return 1;
  }
}
