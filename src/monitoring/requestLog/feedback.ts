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
 * Record one outcome and return its id and how many logged predictions it matches (0 is allowed:
 * feedback may arrive before the batched log commits, or for rows already expired).
 *
 * @example
 * recordFeedback(db, { requestId: 'a1b2', churned: 1 }); // { id: 1, matchedPredictions: 1 }
 */
export function recordFeedback(
  db: Database.Database,
  input: FeedbackInput,
  nowMs = Date.now(),
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
  const matched =
    input.requestId !== undefined
      ? db
          .prepare('SELECT COUNT(*) AS n FROM requests WHERE request_id = ? AND status < 400')
          .get(input.requestId)
      : input.pageCount !== undefined
        ? db
            .prepare(
              'SELECT COUNT(*) AS n FROM requests WHERE client_session_id = ? AND page_count = ? AND status < 400',
            )
            .get(input.clientSessionId, input.pageCount)
        : db
            .prepare('SELECT COUNT(*) AS n FROM requests WHERE client_session_id = ? AND status < 400')
            .get(input.clientSessionId);
  return { id, matchedPredictions: (matched as { n: number }).n };
}
