import { FeatureTableWriter } from '../featureTableWriter.ts';
import { OracleReader } from '../oracleReader.ts';
import type { ScanResult } from '../scanInputs.ts';
import { splitBoundaries, splitOfSession } from '../splits.ts';
import { emptyWriteResult, type WriteResult, type WriteTableOptions } from '../writeFeatureTable.ts';
import type { PieceResult, PlannedPiece, RowBlock } from './parsePiece.ts';
import type { PiecePool } from './piecePool.ts';

/**
 * The second pass on the threads of the first, and the table: the pieces whose rows the first pass
 * kept are appended as they are; the others (beyond the parse-once budget, or all of them in the
 * page-level fallback, which the first pass could not know of) are featurized now, at most
 * `2 × threads` ahead of the writing. Rows go in file order, with the sessions and lines of the
 * pieces before added, the split and the oracle columns, into the same writer as the one-thread
 * run: the file is byte-identical (tested).
 */
export async function writePieces(
  scan: ScanResult,
  pieces: readonly PlannedPiece[],
  firstPass: readonly PieceResult[],
  pool: PiecePool,
  options: WriteTableOptions,
): Promise<WriteResult> {
  const pageLevel = scan.fallbackToPageLevel;
  const bounds = splitBoundaries(pageLevel ? scan.order.pages : scan.order.sessions, options.fractions);
  // Rows of the first pass were built with session history: the fallback needs them again.
  const kept: (RowBlock | null)[] = firstPass.map((result) => (pageLevel ? null : result.rows));
  const secondPass = new Map<number, Promise<RowBlock>>();
  const window = 2 * pool.threadCount;
  let nextToRequest = 0;
  const requestAhead = () => {
    while (nextToRequest < pieces.length && secondPass.size < window) {
      const k = nextToRequest++;
      if (kept[k] !== null) continue;
      const rows = pool
        .run({ ...pieces[k], keepRows: true, pageLevel })
        .then((result) => result.rows as RowBlock);
      // Awaited in order below; this keeps a failure ahead of the writing from going unhandled.
      rows.catch(() => {});
      secondPass.set(k, rows);
    }
  };

  const writer = new FeatureTableWriter(options.outPath, options.featureNames, {
    hasOracle: options.hasOracle,
  });
  const result = emptyWriteResult(writer);
  const columns = new BlockColumns(options.hasOracle);
  let bytesDone = 0;
  let k = 0;
  try {
    for (let inputIndex = 0; inputIndex < scan.inputs.length; inputIndex++) {
      const input = scan.inputs[inputIndex];
      const oracle =
        options.hasOracle && input.oraclePath !== null ? new OracleReader(input.oraclePath) : null;
      try {
        let lineBase = 0;
        for (; k < pieces.length && pieces[k].inputIndex === inputIndex; k++) {
          requestAhead();
          const block = kept[k] ?? (await (secondPass.get(k) as Promise<RowBlock>));
          // Written once: let the rows go as the table grows (memory peaks at the kept rows).
          kept[k] = null;
          firstPass[k].rows = null;
          secondPass.delete(k);
          const sessions = columns.fill(block, { sessionBase: result.sessions, lineBase, bounds, oracle });
          for (let row = 0; row < block.rows; row++) result.splitRows[columns.split[row]]++;
          for (let s = result.sessions; s < result.sessions + sessions; s++)
            result.splitSessions[splitOfSession(s, bounds)]++;
          result.sessions += sessions;
          result.rows += block.rows;
          await writer.appendColumns(columns.of(block, inputIndex), block.rows);
          lineBase += firstPass[k].summary.linesRead;
          bytesDone += pieces[k].end - pieces[k].start;
          options.onProgress?.({
            phase: 'featurize',
            bytesDone,
            bytesTotal: scan.totalBytes,
            pages: result.rows,
          });
        }
      } finally {
        oracle?.close();
      }
    }
    await writer.close();
  } catch (error) {
    await writer.close().catch(() => {});
    throw error;
  }
  return result;
}

/** The columns of a block that depend on the pieces before it (reused scratch arrays, grown as needed). */
class BlockColumns {
  sessionId = new Int32Array(0);
  lineNumber = new Int32Array(0);
  split = new Uint8Array(0);
  oracle: Float64Array[];

  constructor(private readonly hasOracle: boolean) {
    this.oracle = hasOracle ? [0, 1, 2, 3].map(() => new Float64Array(0)) : [];
  }

  /** Global session ids, line numbers, splits and oracle values of the block's rows; returns its session count. */
  fill(
    block: RowBlock,
    context: {
      sessionBase: number;
      lineBase: number;
      bounds: { trainEnd: number; validationEnd: number };
      oracle: OracleReader | null;
    },
  ): number {
    const n = block.rows;
    if (this.sessionId.length < n) {
      this.sessionId = new Int32Array(n);
      this.lineNumber = new Int32Array(n);
      this.split = new Uint8Array(n);
      if (this.hasOracle) this.oracle = this.oracle.map(() => new Float64Array(n));
    }
    const { sessionBase, lineBase, bounds, oracle } = context;
    for (let row = 0; row < n; row++) {
      const sessionId = sessionBase + block.localSession[row];
      const lineNumber = lineBase + block.localLine[row];
      this.sessionId[row] = sessionId;
      this.lineNumber[row] = lineNumber;
      this.split[row] = splitOfSession(sessionId, bounds);
      if (oracle !== null) {
        oracle.seek(lineNumber);
        this.oracle[0][row] = oracle.churnProbability;
        this.oracle[1][row] = oracle.remainingRevenue;
        this.oracle[2][row] = oracle.observableChurnProbability;
        this.oracle[3][row] = oracle.observableRemainingRevenue;
      }
    }
    // Every session has a row, numbered 0… in the piece.
    return n === 0 ? 0 : block.localSession[n - 1] + 1;
  }

  /** The block with the filled columns, for FeatureTableWriter.appendColumns. */
  of(block: RowBlock, inputIndex: number) {
    return {
      features: block.features,
      featureStride: block.rows,
      sessionId: this.sessionId,
      pageId: block.pageId,
      lineNumber: this.lineNumber,
      inputIndex,
      split: this.split,
      labels: [block.churn, block.remainingRevenue, block.sessionRevenue, block.revenueSoFar],
      oracle: this.oracle,
    };
  }
}
