import type Database from 'better-sqlite3';
import { COUNT_SCORED_SQL, MAX_ID_SQL, SCORED_ROWS_SQL } from './queries.ts';
import type { TimeWindow } from './timeWindow.ts';

/** The feature vectors and predictions a task scored in a window, column by column. */
export interface ScoredWindow {
  rows: number;
  tsMs: Float64Array;
  /**
   * One column per feature, NaN where the logged value was missing (null) or the vector too short;
   * only the columns asked for (`featureIndexes`) are filled, the others are empty.
   */
  columns: Float64Array[];
  predictions: Float64Array;
  /** Per row, an index into `modelVersions`. */
  modelVersionIndex: Int32Array;
  modelVersions: string[];
  /** Rows whose feature vector did not have `featureCount` entries (or was not a JSON array). */
  malformedRows: number;
}

export interface ScoredWindowOptions {
  task: string;
  featureVersion: string;
  featureCount: number;
  window: TimeWindow;
  /** The feature columns to unpack (default: all). */
  featureIndexes?: readonly number[];
  /** Only rows with `id <= maxId` (default: all): several passes then read the same rows. */
  maxId?: number;
}

/** Bytes of feature columns one pass may hold: 1M rows × 8 columns of doubles. */
export const SCORED_COLUMN_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * Read every scored row of `task` in the window with one query; JSON feature arrays are unpacked into
 * typed columns in a single loop (no per-row objects kept).
 *
 * @example
 * const scored = readScoredWindow(db, { task: 'churn', featureVersion: 'f1', featureCount: 45, window });
 */
export function readScoredWindow(db: Database.Database, opts: ScoredWindowOptions): ScoredWindow {
  const params = {
    task: opts.task,
    featureVersion: opts.featureVersion,
    fromMs: opts.window.fromMs,
    toMs: opts.window.toMs,
    maxId: opts.maxId ?? Number.MAX_SAFE_INTEGER,
  };
  const { rows: capacity } = db.prepare(COUNT_SCORED_SQL).get(params) as { rows: number };
  const width = opts.featureCount;
  const tsMs = new Float64Array(capacity);
  const predictions = new Float64Array(capacity);
  const modelVersionIndex = new Int32Array(capacity);
  const wanted = new Set(opts.featureIndexes ?? Array.from({ length: width }, (_, j) => j));
  const columns = Array.from({ length: width }, (_, j) => new Float64Array(wanted.has(j) ? capacity : 0));
  const modelVersions: string[] = [];
  const versionIndex = new Map<string, number>();
  let malformedRows = 0;
  let r = 0;
  const statement = db.prepare(SCORED_ROWS_SQL).raw(true);
  for (const row of statement.iterate(params) as Iterable<[number, string | null, string, number | null]>) {
    if (r === capacity) break; // rows logged between the count and the read belong to the next report
    tsMs[r] = row[0];
    const version = row[1] ?? '-';
    let vi = versionIndex.get(version);
    if (vi === undefined) {
      vi = modelVersions.push(version) - 1;
      versionIndex.set(version, vi);
    }
    modelVersionIndex[r] = vi;
    predictions[r] = row[3] ?? Number.NaN;
    if (!parseVectorInto(row[2], columns, r)) malformedRows++;
    r++;
  }
  return {
    rows: r,
    tsMs: tsMs.subarray(0, r),
    columns: columns.map((c) => c.subarray(0, Math.min(r, c.length))),
    predictions: predictions.subarray(0, r),
    modelVersionIndex: modelVersionIndex.subarray(0, r),
    modelVersions,
    malformedRows,
  };
}

/**
 * The scored window in passes of at most `budgetBytes` of feature columns each (all rows, some
 * features per pass), pinned to the rows that existed at the first pass. Memory stays bounded at
 * 1M logged rows (45 columns of doubles would be 360 MB at once); each pass re-reads and re-parses
 * the rows, so time grows with the number of passes.
 *
 * @example
 * for (const part of scoredWindowInPasses(db, opts)) for (const j of part.featureIndexes) use(part.columns[j]);
 */
export function* scoredWindowInPasses(
  db: Database.Database,
  opts: Omit<ScoredWindowOptions, 'featureIndexes' | 'maxId'>,
  budgetBytes = SCORED_COLUMN_BUDGET_BYTES,
): Generator<ScoredWindow & { featureIndexes: number[] }> {
  const { maxId } = db.prepare(MAX_ID_SQL).get() as { maxId: number };
  const params = {
    task: opts.task,
    featureVersion: opts.featureVersion,
    fromMs: opts.window.fromMs,
    toMs: opts.window.toMs,
    maxId,
  };
  const { rows } = db.prepare(COUNT_SCORED_SQL).get(params) as { rows: number };
  const perPass = Math.max(1, Math.floor(budgetBytes / (8 * Math.max(rows, 1))));
  for (let first = 0; first < opts.featureCount || first === 0; first += perPass) {
    const featureIndexes = Array.from(
      { length: Math.min(perPass, opts.featureCount - first) },
      (_, k) => first + k,
    );
    yield { ...readScoredWindow(db, { ...opts, featureIndexes, maxId }), featureIndexes };
    if (opts.featureCount === 0) return;
  }
}

/**
 * Unpack the JSON array text of one logged vector into column `r` of `columns`. `null` (what the
 * service logs for a non-finite value) and non-numbers become NaN. Returns false when the text is not
 * an array of exactly `columns.length` entries (the absent ones are NaN). JSON.parse it is: measured
 * against a hand-written scanner on 45 full-precision doubles, V8's parser was about 2× faster once
 * warm, and it parses every number exactly as the writer's `String(v)` printed it.
 */
export function parseVectorInto(text: string, columns: Float64Array[], r: number): boolean {
  // Columns not asked for in this pass are empty: writing past their end is a no-op.
  let vector: unknown;
  try {
    vector = JSON.parse(text);
  } catch {
    vector = null;
  }
  const values = Array.isArray(vector) ? vector : [];
  const width = columns.length;
  for (let j = 0; j < width; j++) {
    const v = values[j];
    columns[j][r] = typeof v === 'number' ? v : Number.NaN;
  }
  return Array.isArray(vector) && vector.length === width;
}
