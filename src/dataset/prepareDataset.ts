import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyRejectCounts, LogInputError, REJECT_REASONS } from '../data/parse/index.ts';
import { MIN_FOLLOW_RATE, MIN_LATER_PAGES_TO_JUDGE } from '../data/sessions/index.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../features/index.ts';
import { FEATURES_FILE, MANIFEST_FILE, type ProcessedManifest } from './manifest.ts';
import { prepareThreads, scanOnThreads, type ThreadedScan, type ThreadSetting } from './parallel/index.ts';
import type { PrepareProgressCallback } from './progress.ts';
import { type ScanResult, scanInputs } from './scanInputs.ts';
import { DEFAULT_SPLIT_FRACTIONS, type SplitFractions } from './splits.ts';
import { writeFeatureTable } from './writeFeatureTable.ts';

export interface PrepareOptions {
  inputs: readonly string[];
  outDir: string;
  /** Any bad line is fatal (throws `BadLineError` before anything is written). */
  strict?: boolean;
  fractions?: SplitFractions;
  /**
   * 1 runs both passes on this thread; N > 1 runs them on N worker threads (the input cut into
   * pieces at session boundaries); `auto` (default) one per core for inputs of 16 MiB and more. The
   * output is byte-identical whatever the setting.
   */
  threads?: ThreadSetting;
  /** Bytes per piece handed to a thread (tests use small pieces). Default 8 MiB. */
  pieceBytes?: number;
  /**
   * On threads, the rows of the pieces starting within the first this many bytes of input are kept
   * from the first pass (parsed once); later pieces are parsed again in the second. Default 512 MiB.
   */
  parseOnceBytes?: number;
  onProgress?: PrepareProgressCallback;
  /** Summary lines and warnings, as they happen. */
  onMessage?: (line: string) => void;
}

export interface PrepareReport {
  manifest: ProcessedManifest;
  warnings: string[];
  featuresPath: string;
  manifestPath: string;
  /** Worker threads both passes ran on (1: this thread only). */
  threads: number;
  /**
   * Wall time of the scan (pass 1: on threads it also builds the rows it keeps) and of the table
   * (pass 2 and the Arrow file), in seconds: where a run spends its time.
   */
  seconds: { scan: number; table: number };
  /**
   * CPU seconds of the process (every thread) in the same two phases: with `seconds`, how much of a
   * run the threads shared and how much ran alone (the bench's Amdahl bound).
   */
  cpuSeconds: { scan: number; table: number };
}

const ORDER_RULE =
  `sessions rebuilt from consecutive lines; page-level fallback when fewer than ${MIN_FOLLOW_RATE * 100} % ` +
  `of pages with page id > 0 continue the previous line (any miss when fewer than ${MIN_LATER_PAGES_TO_JUDGE} such pages)`;

/**
 * `data:prepare`: raw logs → `features.arrow` + `manifest.json` (docs/data.md). Two passes over the
 * inputs: a scan (bad lines, hashes, session order, session count), then featurize-and-write; on
 * threads the scan also keeps the rows of most inputs, so they are parsed once. The table is
 * written to a temporary name and renamed at the end, so a failed run leaves no half file.
 *
 * @example
 * const { manifest } = await prepareDataset({ inputs: ['data/raw/alibaba_behavior.txt'], outDir: 'data/processed' });
 */
export async function prepareDataset(options: PrepareOptions): Promise<PrepareReport> {
  if (options.inputs.length === 0) {
    throw new LogInputError('no input files: pass --input FILE (or put the log in data/raw/*.txt).');
  }
  const say = options.onMessage ?? (() => {});
  const fractions = options.fractions ?? DEFAULT_SPLIT_FRACTIONS;
  const warnings: string[] = [];
  const warn = (text: string) => {
    warnings.push(text);
    say(`warning: ${text}`);
  };

  const startMs = performance.now();
  const startCpu = process.cpuUsage();
  const threaded = await scanOnThreadsWhenWorthIt(options, say);
  try {
    const scan =
      threaded?.scan ??
      (await scanInputs(options.inputs, {
        strict: options.strict ?? false,
        onProgress: options.onProgress,
        onSummary: (lines) => lines.forEach(say),
      }));
    if (scan.order.pages === 0) {
      throw new LogInputError(
        `no good page in ${options.inputs.join(', ')}: every line was rejected (see the summary above).`,
      );
    }
    reportOrder(scan, say, warn);
    const withOracle = scan.inputs.filter((input) => input.oraclePath !== null).length;
    const hasOracle = withOracle === scan.inputs.length;
    if (withOracle > 0 && !hasOracle) {
      warn(
        `only ${withOracle} of ${scan.inputs.length} inputs have an oracle file: the oracle columns are left out.`,
      );
    }

    const scanSeconds = (performance.now() - startMs) / 1000;
    const scanCpu = cpuSecondsSince(startCpu);
    await mkdir(options.outDir, { recursive: true });
    const featuresPath = join(options.outDir, FEATURES_FILE);
    const manifestPath = join(options.outDir, MANIFEST_FILE);
    const partialPath = `${featuresPath}.partial`;
    const tableOptions = {
      outPath: partialPath,
      featureNames: FEATURE_NAMES,
      fractions,
      hasOracle,
      onProgress: options.onProgress,
    };
    let written: Awaited<ReturnType<typeof writeFeatureTable>>;
    try {
      written =
        threaded !== null
          ? await threaded.writeFeatureTable(tableOptions)
          : await writeFeatureTable(scan, tableOptions);
    } catch (error) {
      await rm(partialPath, { force: true });
      throw error;
    }
    const manifest = buildManifest(scan, written, fractions, hasOracle);
    await rename(partialPath, featuresPath);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    // Fewer pieces than threads start fewer threads.
    const seconds = { scan: scanSeconds, table: (performance.now() - startMs) / 1000 - scanSeconds };
    const cpuSeconds = { scan: scanCpu, table: cpuSecondsSince(startCpu) - scanCpu };
    return {
      manifest,
      warnings,
      featuresPath,
      manifestPath,
      threads: threaded?.threads ?? 1,
      seconds,
      cpuSeconds,
    };
  } finally {
    await threaded?.close();
  }
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The first pass on worker threads when the setting and the input size call for them (else null). */
async function scanOnThreadsWhenWorthIt(
  options: PrepareOptions,
  say: (line: string) => void,
): Promise<ThreadedScan | null> {
  const sizes = await Promise.all(
    options.inputs.map(async (path) => (await stat(path).catch(() => null))?.size ?? 0),
  );
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const threads = prepareThreads(options.threads ?? 'auto', totalBytes);
  if (threads === 1) return null;
  return scanOnThreads(options.inputs, {
    strict: options.strict ?? false,
    threads,
    pieceBytes: options.pieceBytes,
    parseOnceBytes: options.parseOnceBytes,
    onProgress: options.onProgress,
    onSummary: (lines) => lines.forEach(say),
  });
}

function reportOrder(scan: ScanResult, say: (line: string) => void, warn: (line: string) => void): void {
  const { order } = scan;
  say(
    `sessions: ${order.sessions} rebuilt from ${order.pages} pages; continuation rate ${(order.continuationRate * 100).toFixed(1)} % ` +
      `of pages continue the previous line (${(order.followRate * 100).toFixed(1)} % of pages with page id > 0); ` +
      `${order.sessionsStartingLate} sessions start after page 0, ${order.unterminatedSessions} end without terminal = 1`,
  );
  if (scan.fallbackToPageLevel) {
    warn(
      `the log is not in session order (only ${(order.followRate * 100).toFixed(1)} % of pages with page id > 0 continue the ` +
        'previous line): falling back to page-level features (each page alone, no history); the revenue labels ' +
        '(remainingRevenue, sessionRevenue, revenueSoFar) are unknown (NaN) and each page is its own session.',
    );
  }
}

function buildManifest(
  scan: ScanResult,
  written: Awaited<ReturnType<typeof writeFeatureTable>>,
  fractions: SplitFractions,
  hasOracle: boolean,
): ProcessedManifest {
  const rejected = emptyRejectCounts();
  for (const input of scan.inputs)
    for (const reason of REJECT_REASONS) rejected[reason] += input.summary.rejected[reason];
  const separators = [...new Set(scan.inputs.map((input) => input.summary.separator ?? ';'))];
  return {
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    columns: written.columns,
    createdAt: new Date().toISOString(),
    inputs: scan.inputs.map((input) => ({
      path: input.path,
      sizeBytes: input.sizeBytes,
      sha256: input.sha256,
      separator: input.summary.separator ?? ';',
      linesRead: input.summary.linesRead,
      pagesKept: input.summary.pagesKept,
      rejected: input.summary.rejectedTotal,
      oraclePath: hasOracle ? input.oraclePath : null,
    })),
    rows: written.rows,
    sessions: written.sessions,
    splitFractions: fractions,
    splits: {
      train: { rows: written.splitRows[0], sessions: written.splitSessions[0] },
      validation: { rows: written.splitRows[1], sessions: written.splitSessions[1] },
      test: { rows: written.splitRows[2], sessions: written.splitSessions[2] },
    },
    separator: separators.join(''),
    sessionOrder: {
      continuationRate: scan.order.continuationRate,
      followRate: scan.order.followRate,
      fallbackToPageLevel: scan.fallbackToPageLevel,
      sessionsStartingLate: scan.order.sessionsStartingLate,
      unterminatedSessions: scan.order.unterminatedSessions,
      rule: ORDER_RULE,
    },
    rejected,
    hasOracle,
  };
}
