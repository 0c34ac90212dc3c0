import type { RequestRow } from './requestRow.ts';

// Per row: 7 numbers (ts, latency, status, prediction, decision, page count, feature count), then
// the features; and 7 strings (endpoint, request id, client session id, task, model version,
// feature version, error reason). insertEncodedRows spells these out as literals: it is shipped to
// the writer thread as source and can reach no module constant.
const ROW_NUMBERS = 7;

/**
 * Rows encoded for the hand-over to the writer thread: every number of a row (features included)
 * in one Float64Array, its strings in one flat array. A batch crosses threads as one message whose
 * number buffer is transferred, not copied; a null number is NaN (prediction) or -1.
 */
export interface EncodedRows {
  count: number;
  numbers: Float64Array;
  strings: (string | null)[];
}

/**
 * The rows queued since the last hand-over, encoded as they arrive: the request's row object and
 * its feature vector are garbage at once instead of surviving until the flush (and into the old
 * generation).
 *
 * @example
 * const batch = new RowBatch();
 * batch.append(row);
 * const rows = batch.take(); // { count: 1, numbers, strings }
 */
export class RowBatch {
  count = 0;
  private numbers = new Float64Array(8_192);
  private used = 0;
  private strings: (string | null)[] = [];

  append(row: RequestRow): void {
    const features = row.features;
    const featureCount = features === null ? -1 : features.length;
    const needed = this.used + ROW_NUMBERS + Math.max(featureCount, 0);
    if (needed > this.numbers.length) {
      const grown = new Float64Array(Math.max(needed, 2 * this.numbers.length));
      grown.set(this.numbers.subarray(0, this.used));
      this.numbers = grown;
    }
    const n = this.numbers;
    let at = this.used;
    n[at++] = row.tsMs;
    n[at++] = row.latencyMs;
    n[at++] = row.status;
    n[at++] = row.prediction ?? Number.NaN;
    n[at++] = row.decision ?? -1;
    n[at++] = row.pageCount ?? -1;
    n[at++] = featureCount;
    if (features !== null) for (let j = 0; j < featureCount; j++) n[at++] = features[j];
    this.used = at;
    this.strings.push(
      row.endpoint,
      row.requestId,
      row.clientSessionId,
      row.task,
      row.modelVersion,
      row.featureVersion,
      row.errorReason,
    );
    this.count++;
  }

  /** The rows so far (their buffer now belongs to the caller); the batch starts empty. */
  take(): EncodedRows {
    const rows = { count: this.count, numbers: this.numbers.subarray(0, this.used), strings: this.strings };
    this.numbers = new Float64Array(this.numbers.length);
    this.used = 0;
    this.strings = [];
    this.count = 0;
    return rows;
  }
}

/**
 * Insert encoded rows with `insert` (a statement of INSERT_REQUEST_SQL), the features as JSON text
 * (`featuresJson`, passed in because this function also runs as source in the writer thread).
 */
export function insertEncodedRows(
  insert: { run(...values: unknown[]): unknown },
  rows: EncodedRows,
  featuresJson: (features: Float64Array) => string,
): void {
  const n = rows.numbers;
  const s = rows.strings;
  let at = 0;
  for (let r = 0; r < rows.count; r++) {
    const featureCount = n[at + 6];
    const prediction = n[at + 3];
    const decision = n[at + 4];
    const pageCount = n[at + 5];
    const k = r * 7;
    insert.run(
      n[at],
      s[k],
      s[k + 1],
      s[k + 2],
      s[k + 3],
      s[k + 4],
      s[k + 5],
      featureCount < 0 ? null : featuresJson(n.subarray(at + 7, at + 7 + featureCount)),
      Number.isNaN(prediction) ? null : prediction,
      decision < 0 ? null : decision,
      pageCount < 0 ? null : pageCount,
      n[at + 1],
      n[at + 2],
      s[k + 6],
    );
    at += 7 + Math.max(featureCount, 0);
  }
}
