import type pg from 'pg';
import { FEEDBACK_MATCH_LIMIT, type FeedbackInput } from '../feedback.ts';

const DAY_MS = 86_400_000;

/**
 * `recordFeedback` on PostgreSQL: the same row and the same count of matching predictions as the
 * SQLite version (`../feedback.ts`), in one round trip.
 */
export async function recordFeedbackPostgres(
  pool: pg.Pool,
  input: FeedbackInput,
  nowMs = Date.now(),
): Promise<{ id: number; matchedPredictions: number }> {
  const [matched, matchValues]: [string, unknown[]] =
    input.requestId !== undefined
      ? ['request_id = $7', [input.requestId]]
      : input.pageCount !== undefined
        ? ['client_session_id = $7 AND page_count = $8', [input.clientSessionId, input.pageCount]]
        : ['client_session_id = $7', [input.clientSessionId]];
  const { rows } = await pool.query<{ id: number; matched: number }>(
    `WITH inserted AS (
       INSERT INTO feedback (ts_ms, request_id, client_session_id, page_count, churned, realised_revenue)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id)
     SELECT (SELECT id FROM inserted) AS id,
       (SELECT COUNT(*) FROM (SELECT status FROM requests WHERE ${matched} LIMIT ${FEEDBACK_MATCH_LIMIT}) m
        WHERE status < 400) AS matched`,
    [
      nowMs,
      input.requestId ?? null,
      input.clientSessionId ?? null,
      input.pageCount ?? null,
      input.churned ?? null,
      input.realisedRevenueYuan ?? null,
      ...matchValues,
    ],
  );
  const row = rows[0] as { id: number; matched: number };
  return { id: row.id, matchedPredictions: row.matched };
}

/** `deleteExpiredRows` on PostgreSQL: rows older than `retentionDays`, both tables, one transaction. */
export async function deleteExpiredRowsPostgres(
  pool: pg.Pool,
  retentionDays: number,
  nowMs = Date.now(),
): Promise<{ requests: number; feedback: number }> {
  if (!(retentionDays > 0)) {
    throw new RangeError(`deleteExpiredRows: retentionDays must be > 0, got ${retentionDays}.`);
  }
  const cutoffMs = nowMs - retentionDays * DAY_MS;
  const { rows } = await pool.query<{ requests: number; feedback: number }>(
    `WITH r AS (DELETE FROM requests WHERE ts_ms < $1 RETURNING 1), f AS (DELETE FROM feedback WHERE ts_ms < $1 RETURNING 1)
     SELECT (SELECT COUNT(*) FROM r) AS requests, (SELECT COUNT(*) FROM f) AS feedback`,
    [cutoffMs],
  );
  return rows[0] as { requests: number; feedback: number };
}

/** Why the database cannot take writes now, or null (a read-only replica or session says so). */
export async function postgresWriteProblem(pool: pg.Pool): Promise<string | null> {
  try {
    const { rows } = await pool.query<{ readOnly: string; recovery: boolean }>(
      `SELECT current_setting('transaction_read_only') AS "readOnly", pg_is_in_recovery() AS recovery`,
    );
    const row = rows[0];
    if (row?.recovery || row?.readOnly === 'on')
      return 'the PostgreSQL request log is read-only (a replica?)';
    return null;
  } catch (error) {
    return `the PostgreSQL request log cannot be reached: ${(error as Error).message}`;
  }
}
