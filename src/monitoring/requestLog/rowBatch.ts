import { featuresJson, LOGGED_SURVIVAL_HORIZONS, REQUEST_COLUMNS, type RequestRow } from './requestRow.ts';

// Per row, NUMBER_SLOTS numbers then the features: ts, latency, status, prediction, decision,
// page count, interval level/low/high, expected further pages, the survival points, P(alive),
// lifetime value, feature count (-1: no features). A null number is NaN: the routes refuse
// non-finite answers before queueing their row, and a NaN would reach the log as NULL, as JSON
// answers it.
const SURVIVAL_SLOT = 10;
const ALIVE_SLOT = SURVIVAL_SLOT + LOGGED_SURVIVAL_HORIZONS;
const FEATURE_COUNT_SLOT = ALIVE_SLOT + 2;
const NUMBER_SLOTS = FEATURE_COUNT_SLOT + 1;
// endpoint, request id, client session id, task, model version, feature version, error reason, segment.
const STRING_SLOTS = 8;

/**
 * Rows encoded for the hand-over to the writer thread: every number of a row (features included)
 * in one Float64Array whose buffer is transferred, not copied, and its strings in one flat array.
 * A structured clone of the row objects took 2.4× this encoding's event-loop time, and more with
 * every column added (bench/requestLogHandOver.ts).
 */
export interface EncodedRows {
  count: number;
  numbers: Float64Array;
  strings: (string | null)[];
}

const orNaN = (value: number | null | undefined) => value ?? Number.NaN;
const orNull = (value: number) => (Number.isNaN(value) ? null : value);

/**
 * The rows queued since the last hand-over, encoded as they arrive: a request's row object and its
 * feature vector are garbage at once instead of surviving until the hand-over.
 *
 * @example
 * const batch = new RowBatch();
 * batch.append(row);
 * port.postMessage({ rows: batch.take() }); // then decodeRows on the other side
 */
export class RowBatch {
  count = 0;
  private numbers = new Float64Array(16_384);
  private used = 0;
  private strings: (string | null)[] = [];

  append(row: RequestRow): void {
    const features = row.features;
    const featureCount = features === null ? -1 : features.length;
    const needed = this.used + NUMBER_SLOTS + Math.max(featureCount, 0);
    if (needed > this.numbers.length) {
      const grown = new Float64Array(Math.max(needed, 2 * this.numbers.length));
      grown.set(this.numbers.subarray(0, this.used));
      this.numbers = grown;
    }
    const n = this.numbers;
    const at = this.used;
    n[at] = row.tsMs;
    n[at + 1] = row.latencyMs;
    n[at + 2] = row.status;
    n[at + 3] = orNaN(row.prediction);
    n[at + 4] = orNaN(row.decision);
    n[at + 5] = orNaN(row.pageCount);
    const interval = row.interval;
    n[at + 6] = orNaN(interval?.level);
    n[at + 7] = orNaN(interval?.low);
    n[at + 8] = orNaN(interval?.high);
    const survival = row.survival;
    n[at + 9] = orNaN(survival?.expectedFurtherPages);
    for (let k = 0; k < LOGGED_SURVIVAL_HORIZONS; k++)
      n[at + SURVIVAL_SLOT + k] = orNaN(survival?.stillBrowsing[k]);
    n[at + ALIVE_SLOT] = orNaN(row.probabilityAlive);
    n[at + ALIVE_SLOT + 1] = orNaN(row.lifetimeValue);
    n[at + FEATURE_COUNT_SLOT] = featureCount;
    if (features !== null) n.set(features, at + NUMBER_SLOTS);
    this.used = needed;
    this.strings.push(
      row.endpoint,
      row.requestId,
      row.clientSessionId,
      row.task,
      row.modelVersion,
      row.featureVersion,
      row.errorReason,
      row.segment ?? null,
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
 * Call `visit` with each encoded row's values in REQUEST_COLUMNS order — the same array
 * `requestRowValues` gives for the row object (features as JSON text, nulls for absent fields).
 * The array is reused between calls.
 *
 * @example
 * forEachRowValues(rows, (values) => insert.run(...values));
 */
export function forEachRowValues(rows: EncodedRows, visit: (values: unknown[]) => void): void {
  const n = rows.numbers;
  const s = rows.strings;
  const values: unknown[] = new Array(REQUEST_COLUMNS.length);
  let at = 0;
  for (let r = 0; r < rows.count; r++) {
    const k = r * STRING_SLOTS;
    const featureCount = n[at + FEATURE_COUNT_SLOT];
    values[0] = n[at];
    values[1] = s[k];
    values[2] = s[k + 1];
    values[3] = s[k + 2];
    values[4] = s[k + 3];
    values[5] = s[k + 4];
    values[6] = s[k + 5];
    values[7] =
      featureCount < 0 ? null : featuresJson(n.subarray(at + NUMBER_SLOTS, at + NUMBER_SLOTS + featureCount));
    values[8] = orNull(n[at + 3]);
    values[9] = orNull(n[at + 4]);
    values[10] = orNull(n[at + 5]);
    values[11] = n[at + 1];
    values[12] = n[at + 2];
    values[13] = s[k + 6];
    // Interval, survival, P(alive), lifetime value: slots 6 … FEATURE_COUNT_SLOT − 1 in order.
    for (let slot = 6; slot < FEATURE_COUNT_SLOT; slot++) values[slot + 8] = orNull(n[at + slot]);
    values[FEATURE_COUNT_SLOT + 8] = s[k + 7];
    visit(values);
    at += NUMBER_SLOTS + Math.max(featureCount, 0);
  }
}
