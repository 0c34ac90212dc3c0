import type Database from 'better-sqlite3';
import { COUNT_SCORED_SQL, SCORED_ROWS_SQL } from './queries.ts';
import type { TimeWindow } from './timeWindow.ts';

/** The feature vectors and predictions a task scored in a window, column by column. */
export interface ScoredWindow {
  rows: number;
  tsMs: Float64Array;
  /** One column per feature, NaN where the logged value was missing (null) or the vector too short. */
  columns: Float64Array[];
  predictions: Float64Array;
  /** Per row, an index into `modelVersions`. */
  modelVersionIndex: Int32Array;
  modelVersions: string[];
  /** Rows whose feature vector did not have `featureCount` entries (or was not a JSON array). */
  malformedRows: number;
}

/** What a streaming read keeps per row: time, prediction and model version (20 bytes a row). */
export type ScannedWindow = Omit<ScoredWindow, 'columns'>;

/**
 * Stream every scored row of `task` in the window with one query: each row's feature vector is parsed
 * into one reused buffer and handed to `visit` (NaN where missing), so no report holds a column per
 * feature of the window's length. Time, prediction and model version are kept per row.
 *
 * @example
 * scanScoredWindow(db, { task: 'churn', featureVersion: 'f1', featureCount: 45, window }, (r, v) => sketch.add(v[0]));
 */
export function scanScoredWindow(
  db: Database.Database,
  opts: { task: string; featureVersion: string; featureCount: number; window: TimeWindow },
  visit: (row: number, vector: Float64Array, tsMs: number) => void,
): ScannedWindow {
  const params = {
    task: opts.task,
    featureVersion: opts.featureVersion,
    fromMs: opts.window.fromMs,
    toMs: opts.window.toMs,
  };
  const { rows: capacity } = db.prepare(COUNT_SCORED_SQL).get(params) as { rows: number };
  const tsMs = new Float64Array(capacity);
  const predictions = new Float64Array(capacity);
  const modelVersionIndex = new Int32Array(capacity);
  const vector = new Float64Array(opts.featureCount);
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
    if (!parseVector(row[2], vector)) malformedRows++;
    visit(r, vector, row[0]);
    r++;
  }
  return {
    rows: r,
    tsMs: tsMs.subarray(0, r),
    predictions: predictions.subarray(0, r),
    modelVersionIndex: modelVersionIndex.subarray(0, r),
    modelVersions,
    malformedRows,
  };
}

/**
 * Read every scored row of `task` in the window, unpacked into one typed column per feature (8 bytes
 * per row and feature: for tools and benchmarks; the reports stream with {@link scanScoredWindow}).
 *
 * @example
 * const scored = readScoredWindow(db, { task: 'churn', featureVersion: 'f1', featureCount: 45, window });
 */
export function readScoredWindow(
  db: Database.Database,
  opts: { task: string; featureVersion: string; featureCount: number; window: TimeWindow },
): ScoredWindow {
  const { rows: capacity } = db.prepare(COUNT_SCORED_SQL).get({
    task: opts.task,
    featureVersion: opts.featureVersion,
    fromMs: opts.window.fromMs,
    toMs: opts.window.toMs,
  }) as { rows: number };
  const columns = Array.from({ length: opts.featureCount }, () => new Float64Array(capacity));
  const scanned = scanScoredWindow(db, opts, (r, vector) => {
    if (r >= capacity) return;
    for (let j = 0; j < vector.length; j++) columns[j][r] = vector[j];
  });
  return { ...scanned, columns: columns.map((c) => c.subarray(0, scanned.rows)) };
}

/**
 * Unpack the JSON array text of one logged vector into `into`. `null` (what the
 * service logs for a non-finite value) and non-numbers become NaN. Returns false when the text is not
 * an array of exactly `into.length` entries (the absent ones are NaN). JSON.parse it is: measured
 * against a hand-written scanner on 45 full-precision doubles, V8's parser was about 2× faster once
 * warm, and it parses every number exactly as the writer's `String(v)` printed it.
 */
export function parseVector(text: string, into: Float64Array): boolean {
  let vector: unknown;
  try {
    vector = JSON.parse(text);
  } catch {
    vector = null;
  }
  const values = Array.isArray(vector) ? vector : [];
  const width = into.length;
  for (let j = 0; j < width; j++) {
    const v = values[j];
    into[j] = typeof v === 'number' ? v : Number.NaN;
  }
  return Array.isArray(vector) && vector.length === width;
}
