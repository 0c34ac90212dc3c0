/**
 * The request log's schema in PostgreSQL: the same tables, columns, meanings and indexes as the
 * SQLite migrations (`../migrations.ts`, where every column is documented), version for version, so
 * the reports' SQL (`src/monitoring/queries.ts`) runs unchanged on both. A test compares the two
 * schemas column by column. `schema_migrations` plays the part of SQLite's `PRAGMA user_version`.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'requests and feedback tables',
    sql: `
      CREATE TABLE requests (
        id BIGSERIAL PRIMARY KEY,
        ts_ms BIGINT NOT NULL,
        endpoint TEXT NOT NULL,
        request_id TEXT NOT NULL,
        client_session_id TEXT,
        task TEXT,
        model_version TEXT,
        feature_version TEXT,
        features TEXT,
        prediction DOUBLE PRECISION,
        decision SMALLINT,
        page_count INTEGER,
        latency_ms DOUBLE PRECISION NOT NULL,
        status INTEGER NOT NULL,
        error_reason TEXT
      );
      CREATE INDEX requests_ts ON requests (ts_ms);
      CREATE INDEX requests_request_id ON requests (request_id);
      CREATE INDEX requests_session ON requests (client_session_id, ts_ms);
      CREATE INDEX requests_task_ts ON requests (task, ts_ms);

      CREATE TABLE feedback (
        id BIGSERIAL PRIMARY KEY,
        ts_ms BIGINT NOT NULL,
        request_id TEXT,
        client_session_id TEXT,
        page_count INTEGER,
        churned SMALLINT,
        realised_revenue DOUBLE PRECISION
      );
      CREATE INDEX feedback_request_id ON feedback (request_id);
      CREATE INDEX feedback_session ON feedback (client_session_id);
    `,
  },
  {
    version: 2,
    description: 'what /session-value, /churn and /customers/value answered beyond the prediction',
    sql: `
      ALTER TABLE requests
        ADD COLUMN interval_level DOUBLE PRECISION,
        ADD COLUMN interval_low DOUBLE PRECISION,
        ADD COLUMN interval_high DOUBLE PRECISION,
        ADD COLUMN expected_further_pages DOUBLE PRECISION,
        ADD COLUMN still_browsing_1 DOUBLE PRECISION,
        ADD COLUMN still_browsing_2 DOUBLE PRECISION,
        ADD COLUMN still_browsing_3 DOUBLE PRECISION,
        ADD COLUMN still_browsing_4 DOUBLE PRECISION,
        ADD COLUMN still_browsing_5 DOUBLE PRECISION,
        ADD COLUMN probability_alive DOUBLE PRECISION,
        ADD COLUMN lifetime_value DOUBLE PRECISION,
        ADD COLUMN segment TEXT;
    `,
  },
];
