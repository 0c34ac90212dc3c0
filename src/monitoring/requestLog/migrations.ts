/**
 * Versioned schema of the SQLite request log. Each entry runs once, in order, inside a
 * transaction; `PRAGMA user_version` records how far a database has come.
 *
 * `requests.features` is the JSON array of the feature vector the model saw (ordered as the model's
 * `featureNames`, which `models/<task>/<version>/model.json` lists), so SQL can reach a feature with
 * `json_extract(features, '$[i]')`. Rejected requests (4xx) are logged too, with `status`,
 * `error_reason` and no prediction, so data quality can count them by reason.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'requests and feedback tables',
    sql: `
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,            -- request start, Unix epoch milliseconds
        endpoint TEXT NOT NULL,            -- '/churn', '/session-value', …
        request_id TEXT NOT NULL,
        client_session_id TEXT,            -- the client's sessionId, when sent
        task TEXT,                         -- 'churn' | 'session-value'
        model_version TEXT,
        feature_version TEXT,
        features TEXT,                     -- JSON array of numbers
        prediction REAL,                   -- churn probability, or expected remaining revenue (yuan)
        decision INTEGER,                  -- churn: 1 if prediction >= threshold
        page_count INTEGER,                -- pages observed in the request
        latency_ms REAL NOT NULL,
        status INTEGER NOT NULL,           -- HTTP status
        error_reason TEXT                  -- for 4xx: a short machine-readable reason
      );
      CREATE INDEX requests_ts ON requests (ts_ms);
      CREATE INDEX requests_request_id ON requests (request_id);
      CREATE INDEX requests_session ON requests (client_session_id, ts_ms);
      CREATE INDEX requests_task_ts ON requests (task, ts_ms);

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,
        request_id TEXT,                   -- the prediction this outcome belongs to
        client_session_id TEXT,            -- or every prediction of that client session
        page_count INTEGER,                -- with client_session_id: the page the outcome refers to
        churned INTEGER,                   -- 1 if the session ended after that page
        realised_revenue REAL              -- revenue the session brought after that page (yuan)
      );
      CREATE INDEX feedback_request_id ON feedback (request_id);
      CREATE INDEX feedback_session ON feedback (client_session_id);
    `,
  },
  {
    version: 2,
    description: 'what /session-value, /churn and /customers/value answered beyond the prediction',
    sql: `
      -- Every column is NULL where the endpoint does not answer it, and on rows logged before v2.
      ALTER TABLE requests ADD COLUMN interval_level REAL;          -- /session-value: the served interval
      ALTER TABLE requests ADD COLUMN interval_low REAL;            --   (level, bounds in yuan)
      ALTER TABLE requests ADD COLUMN interval_high REAL;
      ALTER TABLE requests ADD COLUMN expected_further_pages REAL;  -- /churn: the survival view
      ALTER TABLE requests ADD COLUMN still_browsing_1 REAL;        --   P(still browsing after k pages)
      ALTER TABLE requests ADD COLUMN still_browsing_2 REAL;
      ALTER TABLE requests ADD COLUMN still_browsing_3 REAL;
      ALTER TABLE requests ADD COLUMN still_browsing_4 REAL;
      ALTER TABLE requests ADD COLUMN still_browsing_5 REAL;
      ALTER TABLE requests ADD COLUMN probability_alive REAL;       -- /customers/value: P(alive)
      ALTER TABLE requests ADD COLUMN lifetime_value REAL;          --   CLV
      ALTER TABLE requests ADD COLUMN segment TEXT;                 --   the customer's segment
    `,
  },
];
