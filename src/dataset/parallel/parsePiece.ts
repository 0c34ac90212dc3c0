import { open } from 'node:fs/promises';
import { BadLineError, LogParser, type ParseSummary, type Separator } from '../../data/parse/index.ts';
import {
  computeSessionLabels,
  createSessionLabels,
  type SessionOrderStats,
  SessionRebuilder,
} from '../../data/sessions/index.ts';
import { FEATURE_COUNT } from '../../features/index.ts';
import { MAX_PAGES_PER_SESSION, type PageRecord } from '../../session/index.ts';
import { SessionFeaturizer } from '../sessionFeaturizer.ts';

/** One piece of a log: bytes `[start, end)` of `path`, cut at a session boundary (see findSessionCuts). */
export interface PieceTask {
  index: number;
  path: string;
  start: number;
  end: number;
  separator: Separator;
  strict: boolean;
  /** Featurize too (else parse and count only: the scan of a piece whose rows come in a later pass). */
  keepRows: boolean;
  /** Page-level fallback: every page alone, revenue labels NaN. */
  pageLevel: boolean;
}

/** A piece of one input, in file order. */
export interface PlannedPiece extends PieceTask {
  inputIndex: number;
}

/**
 * The rows of one piece, column by column, ready to copy into the table's columns (typed arrays,
 * transferred between threads, not copied). Session and line numbers are local to the piece: the
 * writer adds the sessions and lines of the pieces before it.
 */
export interface RowBlock {
  rows: number;
  /** Column-major: feature j of row i at `features[j * rows + i]`. */
  features: Float64Array;
  localSession: Int32Array;
  pageId: Int16Array;
  localLine: Int32Array;
  churn: Float64Array;
  remainingRevenue: Float64Array;
  sessionRevenue: Float64Array;
  revenueSoFar: Float64Array;
}

/** What a thread learnt from one piece. Line numbers (summary, failure, rows) count from the piece's first line. */
export interface PieceResult {
  index: number;
  summary: ParseSummary;
  /** Session-order counts of the piece; no session spans a cut, so the pieces' counts add up. */
  order: SessionOrderStats;
  /** Strict mode: the piece's first bad line (the parse stopped there). */
  strictFailure: { lineNumber: number; reason: BadLineError['reason']; detail: string } | null;
  rows: RowBlock | null;
}

/** The transferable buffers of a result (for `postMessage`). */
export function resultBuffers(result: PieceResult): ArrayBuffer[] {
  const block = result.rows;
  if (block === null) return [];
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
 * Parse one piece: count its bad lines and session order, and with `keepRows` rebuild its sessions
 * and compute the labels and the features of every prefix — the work of both passes of the
 * one-thread run (scanInputs, writeFeatureTable), for one piece on one worker thread.
 *
 * @example
 * const result = await parsePiece({ index: 0, path, start: 0, end: size, separator: ';', strict: false, keepRows: true, pageLevel: false });
 */
export async function parsePiece(task: PieceTask): Promise<PieceResult> {
  // Lines run ~1.8 KB: room for lines of 1.2 KB rarely grows the arrays.
  const builder = task.keepRows
    ? new RowBlockBuilder(task.pageLevel, Math.ceil((task.end - task.start) / 1200))
    : null;
  const rebuilder = new SessionRebuilder(builder === null ? null : builder.onSession, {
    pageLevel: task.pageLevel,
  });
  const parser = new LogParser((page) => rebuilder.push(page), {
    source: task.path,
    separator: task.separator,
    strict: task.strict,
  });
  let strictFailure: PieceResult['strictFailure'] = null;
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
    parser.end();
  } catch (error) {
    if (!(error instanceof BadLineError)) throw error;
    const { lineNumber, reason, detail } = error;
    strictFailure = { lineNumber, reason, detail };
  } finally {
    await handle.close();
  }
  rebuilder.endInput();
  return {
    index: task.index,
    summary: parser.progress as ParseSummary,
    order: rebuilder.stats(),
    strictFailure,
    rows: strictFailure === null && builder !== null ? builder.finish() : null,
  };
}

/**
 * Collects rows while sessions close, features column-major at once (feature j of row i at
 * `features[j * capacity + i]`), grown by doubling and trimmed at the end: the writing thread only
 * copies whole columns.
 */
class RowBlockBuilder {
  private rows = 0;
  private sessions = 0;
  private features: Float64Array;
  private localSession: Int32Array;
  private pageId: Int16Array;
  private localLine: Int32Array;
  private labels: Float64Array[];
  private readonly featurizer = new SessionFeaturizer();
  private readonly sessionLabels = createSessionLabels(MAX_PAGES_PER_SESSION);

  constructor(
    private readonly pageLevel: boolean,
    private capacity: number,
  ) {
    this.capacity = Math.max(capacity, MAX_PAGES_PER_SESSION);
    this.features = new Float64Array(this.capacity * FEATURE_COUNT);
    this.localSession = new Int32Array(this.capacity);
    this.pageId = new Int16Array(this.capacity);
    this.localLine = new Int32Array(this.capacity);
    this.labels = [0, 1, 2, 3].map(() => new Float64Array(this.capacity));
  }

  readonly onSession = (pages: readonly PageRecord[], count: number): void => {
    if (this.rows + count > this.capacity) this.grow();
    const session = this.sessions++;
    const labels = this.sessionLabels;
    computeSessionLabels(pages, count, labels);
    const features = this.features;
    const stride = this.capacity;
    for (let t = 0; t < count; t++) {
      const row = this.rows++;
      const x = this.featurizer.featurize(pages, t);
      for (let j = 0; j < FEATURE_COUNT; j++) features[j * stride + row] = x[j];
      this.localSession[row] = session;
      this.pageId[row] = pages[t].pageId;
      this.localLine[row] = pages[t].lineNumber;
      this.labels[0][row] = labels.churn[t];
      // Without trustworthy history the revenue of the rest of the session is unknown.
      this.labels[1][row] = this.pageLevel ? Number.NaN : labels.remainingRevenue[t];
      this.labels[2][row] = this.pageLevel ? Number.NaN : labels.sessionRevenue[t];
      this.labels[3][row] = this.pageLevel ? Number.NaN : labels.revenueSoFar[t];
    }
  };

  finish(): RowBlock {
    const n = this.rows;
    return {
      rows: n,
      features: this.columns(n),
      localSession: this.localSession.slice(0, n),
      pageId: this.pageId.slice(0, n),
      localLine: this.localLine.slice(0, n),
      churn: this.labels[0].slice(0, n),
      remainingRevenue: this.labels[1].slice(0, n),
      sessionRevenue: this.labels[2].slice(0, n),
      revenueSoFar: this.labels[3].slice(0, n),
    };
  }

  /** The features with a column stride of `capacity` rows (a copy unless it is the current one). */
  private columns(capacity: number): Float64Array {
    if (capacity === this.capacity) return this.features;
    const columns = new Float64Array(capacity * FEATURE_COUNT);
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const from = j * this.capacity;
      columns.set(this.features.subarray(from, from + this.rows), j * capacity);
    }
    return columns;
  }

  private grow(): void {
    this.features = this.columns(this.capacity * 2);
    this.capacity *= 2;
    const grown = <T extends Int32Array | Int16Array | Float64Array>(array: T): T => {
      const copy = new (array.constructor as new (length: number) => T)(this.capacity);
      copy.set(array);
      return copy;
    };
    this.localSession = grown(this.localSession);
    this.pageId = grown(this.pageId);
    this.localLine = grown(this.localLine);
    this.labels = this.labels.map(grown);
  }
}
