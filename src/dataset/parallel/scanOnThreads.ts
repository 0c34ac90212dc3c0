import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  BadLineError,
  DEFAULT_MAX_REPORTED_BAD_LINES,
  emptyRejectCounts,
  formatParseSummary,
  type ParseSummary,
  REJECT_REASONS,
} from '../../data/parse/index.ts';
import { type SessionOrderStats, shouldFallBackToPageLevel, withRates } from '../../data/sessions/index.ts';
import { oraclePathOf } from '../oracleReader.ts';
import type { PrepareProgressCallback } from '../progress.ts';
import type { InputScan, ScanResult } from '../scanInputs.ts';
import type { SplitFractions } from '../splits.ts';
import type { WriteResult } from '../writeFeatureTable.ts';
import type { PieceResult, PlannedPiece } from './parsePiece.ts';
import { PiecePool } from './piecePool.ts';
import { type InputPlan, planPieces } from './planPieces.ts';
import { writePieces } from './writePieces.ts';

/** Pieces of about this size: small enough to balance two threads, big enough to amortise a message. */
export const DEFAULT_PIECE_BYTES = 8 * 1024 * 1024;
/**
 * Input parsed once: the rows of the pieces that start within the first this many bytes are kept
 * from the first pass (~0.2 byte of rows a byte of log, so ~100 MB here); later pieces are parsed
 * again in the second pass, so memory stays bounded on any input size.
 */
export const DEFAULT_PARSE_ONCE_BYTES = 512 * 1024 * 1024;

/** The first pass done on threads: the scan, plus the rows kept and the threads for the second. */
export interface ThreadedScan {
  scan: ScanResult;
  /** Threads started (fewer than asked when there are fewer pieces). */
  threads: number;
  /** Second pass and table: rows kept from the first pass, the other pieces featurized now. */
  writeFeatureTable(options: {
    outPath: string;
    featureNames: readonly string[];
    fractions: SplitFractions;
    hasOracle: boolean;
    onProgress?: PrepareProgressCallback;
  }): Promise<WriteResult>;
  /** Stop the threads (always call it, also after an error). */
  close(): Promise<void>;
}

/**
 * The first pass of data:prepare on worker threads, which stay up for the second. Each input is
 * cut at session boundaries (findSessionCuts), and every piece is parsed on a thread: bad lines,
 * session order and, for the first `parseOnceBytes` of input, the rows themselves (sessions,
 * labels, features), so most inputs are parsed once. Meanwhile this thread hashes the inputs. The
 * pieces' counts add up (no session spans a cut); line numbers are shifted by the lines of the
 * pieces before. Errors come out as in the one-thread scan (scanInputs): the first input's first
 * error, after the summaries of the inputs before it.
 *
 * @example
 * const threaded = await scanOnThreads(['log.txt'], { strict: false, threads: 2 });
 * try { await threaded.writeFeatureTable({ outPath, featureNames, fractions, hasOracle }); } finally { await threaded.close(); }
 */
export async function scanOnThreads(
  paths: readonly string[],
  options: {
    strict: boolean;
    threads: number;
    pieceBytes?: number;
    parseOnceBytes?: number;
    onProgress?: PrepareProgressCallback;
    onSummary?: (lines: string[]) => void;
  },
): Promise<ThreadedScan> {
  const pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
  const parseOnceBytes = options.parseOnceBytes ?? DEFAULT_PARSE_ONCE_BYTES;
  const plans = await Promise.all(paths.map((path) => planPieces(path, { pieceBytes })));
  const totalBytes = plans.reduce((sum, plan) => sum + plan.sizeBytes, 0);
  const pieces: PlannedPiece[] = [];
  let offset = 0;
  for (let inputIndex = 0; inputIndex < plans.length; inputIndex++) {
    const plan = plans[inputIndex];
    for (const { start, end } of plan.pieces)
      pieces.push({
        index: pieces.length,
        inputIndex,
        path: plan.path,
        start,
        end,
        separator: plan.separator ?? ';',
        strict: options.strict,
        keepRows: offset + start < parseOnceBytes,
        pageLevel: false,
      });
    offset += plan.sizeBytes;
  }

  const threads = Math.min(options.threads, Math.max(1, pieces.length));
  const pool = new PiecePool(threads);
  try {
    let bytesDone = 0;
    let pagesDone = 0;
    const [results, hashes] = await Promise.all([
      Promise.all(
        pieces.map(async (piece) => {
          const result = await pool.run(piece);
          bytesDone += piece.end - piece.start;
          pagesDone += result.summary.pagesKept;
          options.onProgress?.({ phase: 'scan', bytesDone, bytesTotal: totalBytes, pages: pagesDone });
          return result;
        }),
      ),
      Promise.all(plans.map((plan) => (plan.error === null ? sha256(plan.path) : Promise.resolve('')))),
    ]);
    const inputs = mergeInputs(plans, pieces, results, hashes, options.onSummary);
    const order = mergeOrder(results);
    const scan: ScanResult = {
      inputs,
      order,
      fallbackToPageLevel: shouldFallBackToPageLevel(order),
      totalBytes,
    };
    return {
      scan,
      threads,
      writeFeatureTable: (tableOptions) => writePieces(scan, pieces, results, pool, tableOptions),
      close: () => pool.close(),
    };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

/** Each input's summary from its pieces', in input order; throws the first input's error. */
function mergeInputs(
  plans: readonly InputPlan[],
  pieces: readonly PlannedPiece[],
  results: readonly PieceResult[],
  hashes: readonly string[],
  onSummary: ((lines: string[]) => void) | undefined,
): InputScan[] {
  const inputs: InputScan[] = [];
  for (let inputIndex = 0; inputIndex < plans.length; inputIndex++) {
    const plan = plans[inputIndex];
    if (plan.error !== null) throw plan.error;
    const summary = emptySummary(plan);
    for (let k = 0; k < pieces.length; k++) {
      if (pieces[k].inputIndex !== inputIndex) continue;
      const piece = results[k];
      const failure = piece.strictFailure;
      if (failure !== null) {
        const lineNumber = summary.linesRead + failure.lineNumber;
        throw new BadLineError(plan.path, lineNumber, failure.reason, failure.detail);
      }
      addSummary(summary, piece.summary);
    }
    onSummary?.(formatParseSummary(summary));
    inputs.push({
      path: plan.path,
      sizeBytes: summary.bytes,
      sha256: hashes[inputIndex],
      oraclePath: oraclePathOf(plan.path),
      summary,
    });
  }
  return inputs;
}

function emptySummary(plan: InputPlan): ParseSummary {
  return {
    source: plan.path,
    // The bytes of an input without pieces (empty, or a byte-order mark alone) count all the same.
    bytes: plan.pieces.length === 0 ? plan.sizeBytes : 0,
    linesRead: 0,
    pagesKept: 0,
    rejectedTotal: 0,
    rejected: emptyRejectCounts(),
    firstBadLines: [],
    separator: plan.separator,
    pagesWithPositionsOutsidePageWindow: 0,
  };
}

/** Add a piece's summary (line numbers from its first line) to its input's. */
function addSummary(summary: ParseSummary, piece: ParseSummary): void {
  const lineBase = summary.linesRead;
  for (const bad of piece.firstBadLines) {
    // Each piece lists its first bad lines; the input keeps the first ones overall.
    if (summary.firstBadLines.length === DEFAULT_MAX_REPORTED_BAD_LINES) break;
    summary.firstBadLines.push({ ...bad, lineNumber: lineBase + bad.lineNumber });
  }
  summary.bytes += piece.bytes;
  summary.linesRead += piece.linesRead;
  summary.pagesKept += piece.pagesKept;
  summary.rejectedTotal += piece.rejectedTotal;
  for (const reason of REJECT_REASONS) summary.rejected[reason] += piece.rejected[reason];
  summary.pagesWithPositionsOutsidePageWindow += piece.pagesWithPositionsOutsidePageWindow;
}

function mergeOrder(results: readonly PieceResult[]): SessionOrderStats {
  const counts = {
    pages: 0,
    laterPages: 0,
    continuingPages: 0,
    sessions: 0,
    sessionsStartingLate: 0,
    unterminatedSessions: 0,
  };
  for (const { order } of results) {
    counts.pages += order.pages;
    counts.laterPages += order.laterPages;
    counts.continuingPages += order.continuingPages;
    counts.sessions += order.sessions;
    counts.sessionsStartingLate += order.sessionsStartingLate;
    counts.unterminatedSessions += order.unterminatedSessions;
  }
  return withRates(counts);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk);
  return hash.digest('hex');
}
