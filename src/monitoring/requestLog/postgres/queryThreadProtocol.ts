/** What the query thread starts with (workerData, plus the transferred port). */
export interface QueryThreadData {
  url: string;
  /** [0] = 1 when an answer is waiting on the port; the caller resets it before each job. */
  control: Int32Array;
}

/**
 * One job for the query thread:
 * - `query`: run `sql` and answer every row;
 * - `open`: run `sql` behind a cursor on a connection of its own and answer its id (no rows yet);
 * - `read`: the next `count` rows of cursor `cursor` (fewer at its end, when the thread closes it);
 * - `close`: close cursor `cursor` early (a report that stops iterating).
 */
export type QueryJob =
  | { op: 'query' | 'open'; sql: string; values: unknown[]; rowMode?: 'array' }
  | { op: 'read'; cursor: number; count: number }
  | { op: 'close'; cursor: number };

export type QueryAnswer =
  | { rows: unknown[] }
  | { cursor: number }
  | { error: { message: string; code?: string } };
