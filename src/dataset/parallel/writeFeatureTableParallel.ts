import type { Worker } from 'node:worker_threads';
import { FEATURE_COUNT } from '../../features/index.ts';
import { startThread } from '../../ml/startThread.ts';
import { emptyRowMeta, FeatureTableWriter } from '../featureTableWriter.ts';
import { OracleReader } from '../oracleReader.ts';
import type { PrepareProgressCallback } from '../progress.ts';
import type { ScanResult } from '../scanInputs.ts';
import { type SplitFractions, splitBoundaries, splitOfSession } from '../splits.ts';
import { emptyWriteResult, type WriteResult } from '../writeFeatureTable.ts';
import type { RangeTask, RowBlock } from './featurizeRange.ts';
import { findSessionCuts } from './sessionCuts.ts';

const THREAD_URL = new URL('./featurizeThread.ts', import.meta.url);

/** Pieces of about this size: small enough to balance two threads, big enough to amortise a message. */
export const DEFAULT_PIECE_BYTES = 8 * 1024 * 1024;

/**
 * The featurize pass on `threads` worker threads: each input is cut at session boundaries into
 * pieces (findSessionCuts), the threads featurize pieces as they come free, and this thread appends
 * the rows in file order, adding the sessions and lines of the pieces before, the split, and the
 * oracle columns. The table is byte-identical to writeFeatureTable's (tested): same rows, same
 * order, same record batches.
 *
 * Memory: at most `2 × threads` pieces are out of order at once.
 */
export async function writeFeatureTableParallel(
  scan: ScanResult,
  options: {
    outPath: string;
    featureNames: readonly string[];
    fractions: SplitFractions;
    hasOracle: boolean;
    threads: number;
    pieceBytes?: number;
    onProgress?: PrepareProgressCallback;
  },
): Promise<WriteResult & { threads: number }> {
  const pageLevel = scan.fallbackToPageLevel;
  const bounds = splitBoundaries(pageLevel ? scan.order.pages : scan.order.sessions, options.fractions);
  const tasks: (RangeTask & { inputIndex: number })[] = [];
  for (let inputIndex = 0; inputIndex < scan.inputs.length; inputIndex++) {
    const input = scan.inputs[inputIndex];
    if (input.summary.pagesKept === 0) continue;
    const separator = input.summary.separator ?? ';';
    const cuts = await findSessionCuts(input.path, {
      separator,
      pieceBytes: options.pieceBytes ?? DEFAULT_PIECE_BYTES,
    });
    for (let k = 0; k + 1 < cuts.length; k++)
      tasks.push({
        index: tasks.length,
        inputIndex,
        path: input.path,
        start: cuts[k],
        end: cuts[k + 1],
        separator,
        pageLevel,
      });
  }

  const writer = new FeatureTableWriter(options.outPath, options.featureNames, {
    hasOracle: options.hasOracle,
  });
  const result = emptyWriteResult(writer);
  const meta = emptyRowMeta();
  // Read through `reader` so TypeScript does not narrow it to null outside the closure that sets it.
  const reader: { oracle: OracleReader | null } = { oracle: null };
  let currentInput = -1;
  let lineBase = 0;
  let bytesDone = 0;

  const appendBlock = async (block: RowBlock, task: RangeTask & { inputIndex: number }) => {
    if (task.inputIndex !== currentInput) {
      reader.oracle?.close();
      currentInput = task.inputIndex;
      lineBase = 0;
      meta.inputIndex = currentInput;
      const path = scan.inputs[currentInput].oraclePath;
      reader.oracle = options.hasOracle && path !== null ? new OracleReader(path) : null;
    }
    const oracle = reader.oracle;
    const pending: Promise<void>[] = [];
    let previousLocal = -1;
    for (let row = 0; row < block.rows; row++) {
      const local = block.localSession[row];
      if (local !== previousLocal) {
        previousLocal = local;
        meta.sessionId = result.sessions++;
        meta.split = splitOfSession(meta.sessionId, bounds);
        result.splitSessions[meta.split]++;
      }
      meta.pageId = block.pageId[row];
      meta.lineNumber = lineBase + block.localLine[row];
      meta.churn = block.churn[row];
      meta.remainingRevenue = block.remainingRevenue[row];
      meta.sessionRevenue = block.sessionRevenue[row];
      meta.revenueSoFar = block.revenueSoFar[row];
      if (oracle !== null) {
        oracle.seek(meta.lineNumber);
        meta.oracleChurnProbability = oracle.churnProbability;
        meta.oracleRemainingRevenue = oracle.remainingRevenue;
        meta.observableOracleChurnProbability = oracle.observableChurnProbability;
        meta.observableOracleRemainingRevenue = oracle.observableRemainingRevenue;
      }
      const flushed = writer.append(block.features, meta, row * FEATURE_COUNT);
      if (flushed !== undefined) {
        flushed.catch(() => {});
        pending.push(flushed);
      }
      result.rows++;
      result.splitRows[meta.split]++;
    }
    lineBase += block.linesRead;
    bytesDone += task.end - task.start;
    options.onProgress?.({ phase: 'featurize', bytesDone, bytesTotal: scan.totalBytes, pages: result.rows });
    await Promise.all(pending);
  };

  const workers: Worker[] = [];
  const threads = Math.min(options.threads, Math.max(1, tasks.length));
  try {
    await runPool(tasks, threads, workers, appendBlock);
    reader.oracle?.close();
    await writer.close();
  } catch (error) {
    reader.oracle?.close();
    await writer.close().catch(() => {});
    throw error;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { ...result, threads };
}

/**
 * Hand tasks to `threadCount` threads as they come free and pass each block to `append` in task order
 * (awaiting it). A thread waits while it would run more than `2 × threadCount` tasks ahead.
 */
function runPool<T extends RangeTask>(
  tasks: readonly T[],
  threadCount: number,
  workers: Worker[],
  append: (block: RowBlock, task: T) => Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ready = new Map<number, RowBlock>();
    const idle: Worker[] = [];
    let nextTask = 0;
    let nextAppend = 0;
    let appending = false;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const dispatch = () => {
      while (idle.length > 0 && nextTask < tasks.length && nextTask - nextAppend < 2 * threadCount) {
        (idle.pop() as Worker).postMessage(tasks[nextTask++]);
      }
    };
    const drain = async () => {
      if (appending) return;
      appending = true;
      try {
        for (let block = ready.get(nextAppend); block !== undefined; block = ready.get(nextAppend)) {
          ready.delete(nextAppend);
          await append(block, tasks[nextAppend]);
          nextAppend++;
          dispatch();
        }
      } catch (error) {
        fail(error as Error);
        return;
      } finally {
        appending = false;
      }
      if (nextAppend === tasks.length) resolve();
    };
    if (tasks.length === 0) {
      resolve();
      return;
    }
    for (let t = 0; t < threadCount; t++) {
      const worker = startThread(THREAD_URL, { name: `prepare-featurize-${t}` });
      workers.push(worker);
      worker.on('message', (message: { block: RowBlock } | { index: number; error: string }) => {
        if ('error' in message) {
          fail(new Error(`featurize thread failed on piece ${message.index}: ${message.error}`));
          return;
        }
        ready.set(message.block.index, message.block);
        idle.push(worker);
        dispatch();
        void drain();
      });
      worker.on('error', fail);
      idle.push(worker);
    }
    dispatch();
  });
}
