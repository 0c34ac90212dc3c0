import { open } from 'node:fs/promises';
import { LogParser, type Separator } from '../../data/parse/index.ts';
import { computeSessionLabels, createSessionLabels, SessionRebuilder } from '../../data/sessions/index.ts';
import { FEATURE_COUNT } from '../../features/index.ts';
import { MAX_PAGES_PER_SESSION, type PageRecord } from '../../session/index.ts';
import { SessionFeaturizer } from '../sessionFeaturizer.ts';

/** One piece of a log: bytes `[start, end)` of `path`, cut at a session boundary (see findSessionCuts). */
export interface RangeTask {
  index: number;
  path: string;
  start: number;
  end: number;
  separator: Separator;
  pageLevel: boolean;
}

/**
 * The rows of one piece, column by column (typed arrays, transferable between threads). Session
 * numbers and line numbers are local to the piece: the writer adds the sessions and lines of the
 * pieces before it.
 */
export interface RowBlock {
  index: number;
  rows: number;
  sessions: number;
  linesRead: number;
  /** Row-major, `FEATURE_COUNT` values a row. */
  features: Float64Array;
  localSession: Int32Array;
  pageId: Int16Array;
  localLine: Int32Array;
  churn: Float64Array;
  remainingRevenue: Float64Array;
  sessionRevenue: Float64Array;
  revenueSoFar: Float64Array;
}

/** The transferable buffers of a block (for `postMessage`). */
export function blockBuffers(block: RowBlock): ArrayBuffer[] {
  return [
    block.features,
    block.localSession,
    block.pageId,
    block.localLine,
    block.churn,
    block.remainingRevenue,
    block.sessionRevenue,
    block.revenueSoFar,
  ].map((array) => array.buffer as ArrayBuffer);
}

/**
 * Parse one piece, rebuild its sessions, and compute labels and the features of every prefix: the
 * work of the featurize pass, for one worker thread. Same rules as the single-thread pass
 * (writeFeatureTable): in the page-level fallback the revenue labels are NaN.
 *
 * @example
 * const block = await featurizeRange({ index: 0, path, start: 0, end: size, separator: ';', pageLevel: false });
 */
export async function featurizeRange(task: RangeTask): Promise<RowBlock> {
  const { pageLevel } = task;
  // Grown by doubling, then trimmed: the row count of a piece is known only at its end.
  let capacity = 1024;
  let block = allocate(task.index, capacity);
  const featurizer = new SessionFeaturizer();
  const labels = createSessionLabels(MAX_PAGES_PER_SESSION);
  const onSession = (pages: readonly PageRecord[], count: number) => {
    if (block.rows + count > capacity) {
      capacity *= 2;
      block = grow(block, capacity);
    }
    const session = block.sessions++;
    computeSessionLabels(pages, count, labels);
    for (let t = 0; t < count; t++) {
      const row = block.rows++;
      block.features.set(featurizer.featurize(pages, t), row * FEATURE_COUNT);
      block.localSession[row] = session;
      block.pageId[row] = pages[t].pageId;
      block.localLine[row] = pages[t].lineNumber;
      block.churn[row] = labels.churn[t];
      // Without trustworthy history the revenue of the rest of the session is unknown.
      block.remainingRevenue[row] = pageLevel ? Number.NaN : labels.remainingRevenue[t];
      block.sessionRevenue[row] = pageLevel ? Number.NaN : labels.sessionRevenue[t];
      block.revenueSoFar[row] = pageLevel ? Number.NaN : labels.revenueSoFar[t];
    }
  };
  const rebuilder = new SessionRebuilder(onSession, { pageLevel });
  const parser = new LogParser((page) => rebuilder.push(page), {
    source: task.path,
    separator: task.separator,
  });
  const handle = await open(task.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (let position = task.start; position < task.end; ) {
      const length = Math.min(buffer.length, task.end - position);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead === 0) break;
      parser.push(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  block.linesRead = parser.end().linesRead;
  rebuilder.endInput();
  return trim(block);
}

function allocate(index: number, capacity: number): RowBlock {
  return {
    index,
    rows: 0,
    sessions: 0,
    linesRead: 0,
    features: new Float64Array(capacity * FEATURE_COUNT),
    localSession: new Int32Array(capacity),
    pageId: new Int16Array(capacity),
    localLine: new Int32Array(capacity),
    churn: new Float64Array(capacity),
    remainingRevenue: new Float64Array(capacity),
    sessionRevenue: new Float64Array(capacity),
    revenueSoFar: new Float64Array(capacity),
  };
}

/** Copy the first `rows` of every column into arrays of `capacity` rows (grow, or trim to size). */
function resize(block: RowBlock, capacity: number): RowBlock {
  const copy = allocate(block.index, capacity);
  const n = block.rows;
  copy.rows = n;
  copy.sessions = block.sessions;
  copy.linesRead = block.linesRead;
  copy.features.set(block.features.subarray(0, n * FEATURE_COUNT));
  copy.localSession.set(block.localSession.subarray(0, n));
  copy.pageId.set(block.pageId.subarray(0, n));
  copy.localLine.set(block.localLine.subarray(0, n));
  copy.churn.set(block.churn.subarray(0, n));
  copy.remainingRevenue.set(block.remainingRevenue.subarray(0, n));
  copy.sessionRevenue.set(block.sessionRevenue.subarray(0, n));
  copy.revenueSoFar.set(block.revenueSoFar.subarray(0, n));
  return copy;
}

const grow = resize;
const trim = (block: RowBlock) => resize(block, block.rows);
