import { parseLogFile } from '../data/parse/index.ts';
import { computeSessionLabels, createSessionLabels, SessionRebuilder } from '../data/sessions/index.ts';
import { MAX_PAGES_PER_SESSION, type PageRecord } from '../session/index.ts';
import { emptyRowMeta, FeatureTableWriter } from './featureTableWriter.ts';
import { OracleReader } from './oracleReader.ts';
import type { PrepareProgressCallback } from './progress.ts';
import type { ScanResult } from './scanInputs.ts';
import { SessionFeaturizer } from './sessionFeaturizer.ts';
import { type SplitFractions, splitBoundaries, splitOfSession } from './splits.ts';

/** Rows and sessions written per split (index = split code). */
export interface WriteResult {
  rows: number;
  sessions: number;
  splitRows: [number, number, number];
  splitSessions: [number, number, number];
  columns: string[];
}

/** A WriteResult with nothing written yet, over the writer's columns. */
export function emptyWriteResult(writer: FeatureTableWriter): WriteResult {
  return {
    rows: 0,
    sessions: 0,
    splitRows: [0, 0, 0],
    splitSessions: [0, 0, 0],
    columns: writer.columnNames,
  };
}

/** Where and how the feature table is written: by one thread here, or from the pieces (parallel/writePieces). */
export interface WriteTableOptions {
  outPath: string;
  featureNames: readonly string[];
  fractions: SplitFractions;
  hasOracle: boolean;
  onProgress?: PrepareProgressCallback;
}

/**
 * Pass 2: parse again, rebuild sessions (or single pages in the fallback), compute labels and the
 * features of every prefix, and stream the rows into `features.arrow` batch by batch. Sessions get
 * ids in file order; the split cuts that order, so later sessions are validation and test.
 *
 * Session labels need the whole session, so rows are written when a session closes; a session is
 * at most 12 pages, so the work per session is bounded.
 */
export async function writeFeatureTable(scan: ScanResult, options: WriteTableOptions): Promise<WriteResult> {
  const pageLevel = scan.fallbackToPageLevel;
  const sessionCount = pageLevel ? scan.order.pages : scan.order.sessions;
  const bounds = splitBoundaries(sessionCount, options.fractions);
  const writer = new FeatureTableWriter(options.outPath, options.featureNames, {
    hasOracle: options.hasOracle,
  });
  const featurizer = new SessionFeaturizer();
  const labels = createSessionLabels(MAX_PAGES_PER_SESSION);
  const result = emptyWriteResult(writer);
  const meta = emptyRowMeta();
  let oracle: OracleReader | null = null;
  let pending: Promise<void>[] = [];

  const onSession = (pages: readonly PageRecord[], count: number) => {
    const sessionId = result.sessions++;
    const split = splitOfSession(sessionId, bounds);
    result.splitSessions[split]++;
    computeSessionLabels(pages, count, labels);
    for (let t = 0; t < count; t++) {
      const page = pages[t];
      meta.sessionId = sessionId;
      meta.pageId = page.pageId;
      meta.lineNumber = page.lineNumber;
      meta.split = split;
      meta.churn = labels.churn[t];
      // Without trustworthy history the revenue of the rest of the session is unknown.
      meta.remainingRevenue = pageLevel ? Number.NaN : labels.remainingRevenue[t];
      meta.sessionRevenue = pageLevel ? Number.NaN : labels.sessionRevenue[t];
      meta.revenueSoFar = pageLevel ? Number.NaN : labels.revenueSoFar[t];
      if (oracle !== null) {
        oracle.seek(page.lineNumber);
        meta.oracleChurnProbability = oracle.churnProbability;
        meta.oracleRemainingRevenue = oracle.remainingRevenue;
        meta.observableOracleChurnProbability = oracle.observableChurnProbability;
        meta.observableOracleRemainingRevenue = oracle.observableRemainingRevenue;
      }
      const flushed = writer.append(featurizer.featurize(pages, t), meta);
      if (flushed !== undefined) {
        // Handled here so a failed write between two chunks is not an unhandled rejection; the
        // failure still surfaces when `drainPending` awaits it.
        flushed.catch(() => {});
        pending.push(flushed);
      }
      result.rows++;
      result.splitRows[split]++;
    }
  };

  // Batches fill inside the synchronous parse callback; their writes are awaited between chunks.
  const drainPending = async () => {
    const waiting = pending;
    pending = [];
    await Promise.all(waiting);
  };
  const rebuilder = new SessionRebuilder(onSession, { pageLevel });
  let bytesBefore = 0;
  try {
    for (let inputIndex = 0; inputIndex < scan.inputs.length; inputIndex++) {
      const input = scan.inputs[inputIndex];
      meta.inputIndex = inputIndex;
      oracle = options.hasOracle && input.oraclePath !== null ? new OracleReader(input.oraclePath) : null;
      try {
        await parseLogFile(input.path, (page) => rebuilder.push(page), {
          separator: input.summary.separator ?? undefined,
          onProgress: (progress) =>
            options.onProgress?.({
              phase: 'featurize',
              bytesDone: bytesBefore + progress.bytes,
              bytesTotal: scan.totalBytes,
              pages: result.rows,
            }),
          afterChunk: drainPending,
        });
        rebuilder.endInput();
        await drainPending();
      } finally {
        oracle?.close();
      }
      bytesBefore += input.sizeBytes;
    }
    await writer.close();
  } catch (error) {
    await writer.close().catch(() => {});
    throw error;
  }
  return result;
}
