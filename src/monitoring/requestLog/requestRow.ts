import type { RegistryTask } from '../../registry/schema.ts';

/** One row of the `requests` table (see migrations.ts), as the service produces it. */
export interface RequestRow {
  tsMs: number;
  endpoint: string;
  requestId: string;
  clientSessionId: string | null;
  task: RegistryTask | null;
  modelVersion: string | null;
  featureVersion: string | null;
  /** The vector the model saw, in the model's feature order; null for rejected requests. */
  features: Float64Array | readonly number[] | null;
  prediction: number | null;
  decision: 0 | 1 | null;
  pageCount: number | null;
  latencyMs: number;
  status: number;
  errorReason: string | null;
}

export const INSERT_REQUEST_SQL = `INSERT INTO requests (ts_ms, endpoint, request_id, client_session_id, task,
  model_version, feature_version, features, prediction, decision, page_count, latency_ms, status, error_reason)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** JSON array text of a feature vector; non-finite values (never produced by the features) become null. */
export function featuresJson(features: Float64Array | readonly number[]): string {
  // JSON.stringify writes numbers as String() does and non-finite ones as null, 1.6× faster than
  // concatenating them (≈ 12 vs 19 µs for 45 doubles) on the writer thread's per-row path.
  return JSON.stringify(Array.from(features));
}

/**
 * Insert one row with `insert` (a prepared INSERT_REQUEST_SQL), the features as JSON text.
 *
 * @example
 * insertRequestRow(db.prepare(INSERT_REQUEST_SQL), row);
 */
export function insertRequestRow(insert: { run(...values: unknown[]): unknown }, row: RequestRow): void {
  insert.run(
    row.tsMs,
    row.endpoint,
    row.requestId,
    row.clientSessionId,
    row.task,
    row.modelVersion,
    row.featureVersion,
    row.features === null ? null : featuresJson(row.features),
    row.prediction,
    row.decision,
    row.pageCount,
    row.latencyMs,
    row.status,
    row.errorReason,
  );
}
