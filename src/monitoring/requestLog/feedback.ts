import type Database from 'better-sqlite3';

/** A true outcome, reported by the shop backend after the fact. */
export interface FeedbackInput {
  /** The prediction this outcome belongs to (the `requestId` a response returned). */
  requestId?: string;
  /** Or: the client's session id with the page count the outcome refers to. */
  clientSessionId?: string;
  pageCount?: number;
  /** 1 if the session ended after that page. */
  churned?: 0 | 1;
  /** Revenue the session brought after that page, yuan. */
  realisedRevenueYuan?: number;
}

/**
 * Matching log rows are counted up to this many: a hot client session id can have hundreds of
 * thousands of rows, and counting them all cost the service 0.5 s per /feedback call.
 */
export const FEEDBACK_MATCH_LIMIT = 1000;

/**
 * Record one outcome and return its id and how many logged predictions it matches, counted up to
 * `matchLimit` (0 is allowed: feedback may arrive before the batched log commits, or for rows already
 * expired). The count walks at most `matchLimit` index entries, so its cost is bounded whatever the
 * log holds. In the service it runs on the request-log writer thread (RequestLogWriter.recordFeedback),
 * never on the event loop; it is shipped there as source, so it names no module constant.
 *
 * @example
 * recordFeedback(db, { requestId: 'a1b2', churned: 1 }); // { id: 1, matchedPredictions: 1 }
 */
export function recordFeedback(
  db: Pick<Database.Database, 'prepare'>,
  input: FeedbackInput,
  nowMs = Date.now(),
  matchLimit = FEEDBACK_MATCH_LIMIT,
): { id: number; matchedPredictions: number } {
  const id = Number(
    db
      .prepare(
        `INSERT INTO feedback (ts_ms, request_id, client_session_id, page_count, churned, realised_revenue)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        nowMs,
        input.requestId ?? null,
        input.clientSessionId ?? null,
        input.pageCount ?? null,
        input.churned ?? null,
        input.realisedRevenueYuan ?? null,
      ).lastInsertRowid,
  );
  // The LIMIT sits inside: the index walk stops after matchLimit rows of the key, scored or not.
  const [where, values] =
    input.requestId !== undefined
      ? ['request_id = ?', [input.requestId]]
      : input.pageCount !== undefined
        ? ['client_session_id = ? AND page_count = ?', [input.clientSessionId, input.pageCount]]
        : ['client_session_id = ?', [input.clientSessionId]];
  const matched = db
    .prepare(
      `SELECT COUNT(*) AS n FROM (SELECT status FROM requests WHERE ${where} LIMIT ?) WHERE status < 400`,
    )
    .get(...values, matchLimit) as { n: number };
  return { id, matchedPredictions: matched.n };
}
