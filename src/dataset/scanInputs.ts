import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { formatParseSummary, type ParseSummary, parseLogFile } from '../data/parse/index.ts';
import {
  type SessionOrderStats,
  SessionRebuilder,
  shouldFallBackToPageLevel,
} from '../data/sessions/index.ts';
import { oraclePathOf } from './oracleReader.ts';
import type { PrepareProgressCallback } from './progress.ts';

/** What the first pass learnt about one input. */
export interface InputScan {
  path: string;
  sizeBytes: number;
  sha256: string;
  oraclePath: string | null;
  summary: ParseSummary;
}

/** What the first pass learnt about all inputs. */
export interface ScanResult {
  inputs: InputScan[];
  /** Session order measured with sessions rebuilt across the whole input (never page-level). */
  order: SessionOrderStats;
  fallbackToPageLevel: boolean;
  totalBytes: number;
}

/**
 * Pass 1: parse every input once to count bad lines (strict mode stops here, before anything is
 * written), hash it, and measure the session order, which decides between session history and the
 * page-level fallback and fixes the number of sessions the split needs.
 *
 * @example
 * const scan = await scanInputs(['data/raw/alibaba_behavior.txt'], { strict: false });
 */
export async function scanInputs(
  paths: readonly string[],
  options: { strict: boolean; onProgress?: PrepareProgressCallback; onSummary?: (lines: string[]) => void },
): Promise<ScanResult> {
  const sizes = await Promise.all(paths.map(async (path) => (await stat(path).catch(() => null))?.size ?? 0));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  const rebuilder = new SessionRebuilder(null);
  const inputs: InputScan[] = [];
  let bytesBefore = 0;
  let pagesBefore = 0;
  for (const path of paths) {
    const hash = createHash('sha256');
    const summary = await parseLogFile(path, (page) => rebuilder.push(page), {
      strict: options.strict,
      onChunk: (chunk) => hash.update(chunk),
      onProgress: (progress) =>
        options.onProgress?.({
          phase: 'scan',
          bytesDone: bytesBefore + progress.bytes,
          bytesTotal: totalBytes,
          pages: pagesBefore + progress.pagesKept,
        }),
    });
    rebuilder.endInput();
    options.onSummary?.(formatParseSummary(summary));
    inputs.push({
      path,
      sizeBytes: summary.bytes,
      sha256: hash.digest('hex'),
      oraclePath: oraclePathOf(path),
      summary,
    });
    bytesBefore += summary.bytes;
    pagesBefore += summary.pagesKept;
  }
  const order = rebuilder.stats();
  return { inputs, order, fallbackToPageLevel: shouldFallBackToPageLevel(order), totalBytes };
}
