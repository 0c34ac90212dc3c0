/** What the query thread starts with (workerData, plus the transferred port). */
export interface QueryThreadData {
  url: string;
  /** [0] = 1 when an answer is waiting on the port; the caller resets it before each query. */
  control: Int32Array;
}

export interface QueryJob {
  sql: string;
  values: unknown[];
  rowMode?: 'array';
}

export type QueryAnswer = { rows: unknown[] } | { error: { message: string; code?: string } };
