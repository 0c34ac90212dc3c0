/**
 * Every SQL statement monitoring runs over the request log, in one place (documented in
 * `docs/monitoring.md`). All take the half-open window `[@fromMs, @toMs)` on `requests.ts_ms`, which
 * the `requests_ts` / `requests_task_ts` indexes serve. Percentiles are nearest-rank:
 * the p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉, computed as the integer
 * `(n·p + 99) / 100` so it needs no math extension.
 *
 * The same text runs on SQLite and PostgreSQL (DATABASE_URL): camelCase aliases are quoted (PostgreSQL
 * folds unquoted names to lower case), conditions are counted with `SUM(CASE … END)` (PostgreSQL
 * has no SUM over booleans), integer division is on integer columns in both.
 */

/** Rows of a window that carry a feature vector the model scored (successful predictions). */
const SCORED = `task = @task AND ts_ms >= @fromMs AND ts_ms < @toMs
  AND status < 400 AND features IS NOT NULL AND feature_version = @featureVersion`;

export const COUNT_SCORED_SQL = `SELECT COUNT(*) AS "rows" FROM requests WHERE ${SCORED}`;

/** One query reads every feature vector of the window; JSON arrays are parsed in one tight loop. */
export const SCORED_ROWS_SQL = `SELECT ts_ms, model_version, features, prediction FROM requests
  WHERE ${SCORED} ORDER BY ts_ms`;

const nearestRank = (p: number) => `MAX(CASE WHEN rank = (n * ${p} + 99) / 100 THEN latency_ms END)`;

const LATENCY_COLUMNS = `MAX(n) AS requests,
    SUM(CASE WHEN status >= 400 AND status < 500 THEN 1 ELSE 0 END) AS "clientErrors",
    SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END) AS "serverErrors",
    AVG(latency_ms) AS "meanLatencyMs",
    ${nearestRank(50)} AS "p50LatencyMs",
    ${nearestRank(95)} AS "p95LatencyMs",
    ${nearestRank(99)} AS "p99LatencyMs",
    MAX(latency_ms) AS "maxLatencyMs"`;

/** Volume, errors and latency percentiles per endpoint and model version. */
export const OPS_BY_ENDPOINT_SQL = `WITH ranked AS (
    SELECT endpoint, COALESCE(model_version, '-') AS model_version, status, latency_ms,
      ROW_NUMBER() OVER (PARTITION BY endpoint, model_version ORDER BY latency_ms) AS rank,
      COUNT(*) OVER (PARTITION BY endpoint, model_version) AS n
    FROM requests WHERE ts_ms >= @fromMs AND ts_ms < @toMs
  )
  SELECT endpoint, model_version AS "modelVersion", ${LATENCY_COLUMNS}
  FROM ranked GROUP BY endpoint, model_version ORDER BY endpoint, model_version`;

/** The same per time bucket of `@bucketMs` (all endpoints together), for charts. */
export const OPS_OVER_TIME_SQL = `WITH ranked AS (
    SELECT CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) AS bucket, status, latency_ms,
      ROW_NUMBER() OVER (PARTITION BY CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) ORDER BY latency_ms) AS rank,
      COUNT(*) OVER (PARTITION BY CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER)) AS n
    FROM requests WHERE ts_ms >= @fromMs AND ts_ms < @toMs
  )
  SELECT bucket, ${LATENCY_COLUMNS}
  FROM ranked GROUP BY bucket ORDER BY bucket`;

/** Requests and rejections (4xx) per endpoint. */
export const QUALITY_TOTALS_SQL = `SELECT endpoint, COUNT(*) AS requests,
    SUM(CASE WHEN status >= 400 AND status < 500 THEN 1 ELSE 0 END) AS rejected
  FROM requests WHERE ts_ms >= @fromMs AND ts_ms < @toMs
  GROUP BY endpoint ORDER BY endpoint`;

/** The same per time bucket of `@bucketMs`, all endpoints together (the quality report's `overTime`). */
export const QUALITY_OVER_TIME_SQL = `SELECT CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) AS bucket,
    COUNT(*) AS requests, SUM(CASE WHEN status >= 400 AND status < 500 THEN 1 ELSE 0 END) AS rejected
  FROM requests WHERE ts_ms >= @fromMs AND ts_ms < @toMs
  GROUP BY bucket ORDER BY bucket`;

/** Rejected requests by endpoint, status and machine-readable reason. */
export const REJECTED_BY_REASON_SQL = `SELECT endpoint, status, COALESCE(error_reason, 'unknown') AS reason,
    COUNT(*) AS requests
  FROM requests WHERE ts_ms >= @fromMs AND ts_ms < @toMs AND status >= 400 AND status < 500
  GROUP BY endpoint, status, reason ORDER BY requests DESC, endpoint, reason`;

/**
 * Predictions of a task with their outcome: feedback joins by `request_id`, or — when it names no
 * request — by client session id and page count. When several outcomes reach one prediction, the
 * latest wins. Only outcomes of the task's kind count (`churned` for churn, `realised_revenue` for
 * session value). Session value also gets the level of the interval served and whether the outcome
 * fell inside it (`covered`; both NULL for rows logged without an interval, e.g. before schema v2).
 */
export const LABELLED_PREDICTIONS_SQL = `WITH joined AS (
    SELECT r.id, r.ts_ms, r.model_version, r.prediction, r.decision, r.interval_level, r.interval_low,
      r.interval_high, f.ts_ms AS feedback_ts, f.id AS feedback_id, f.churned, f.realised_revenue
    FROM requests r JOIN feedback f ON f.request_id = r.request_id
    WHERE r.task = @task AND r.ts_ms >= @fromMs AND r.ts_ms < @toMs AND r.status < 400
      AND r.prediction IS NOT NULL
    UNION ALL
    SELECT r.id, r.ts_ms, r.model_version, r.prediction, r.decision, r.interval_level, r.interval_low,
      r.interval_high, f.ts_ms, f.id, f.churned, f.realised_revenue
    FROM requests r JOIN feedback f
      ON f.request_id IS NULL AND f.client_session_id = r.client_session_id AND f.page_count = r.page_count
    WHERE r.task = @task AND r.ts_ms >= @fromMs AND r.ts_ms < @toMs AND r.status < 400
      AND r.prediction IS NOT NULL
  ), picked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY feedback_ts DESC, feedback_id DESC) AS pick
    FROM joined
    WHERE (@task = 'churn' AND churned IS NOT NULL)
       OR (@task = 'session-value' AND realised_revenue IS NOT NULL)
  )
  SELECT ts_ms, COALESCE(model_version, '-') AS model_version, prediction, decision,
    CASE WHEN @task = 'churn' THEN churned ELSE realised_revenue END AS outcome,
    interval_level,
    CASE WHEN interval_level IS NULL THEN NULL
      WHEN realised_revenue >= interval_low AND realised_revenue <= interval_high THEN 1 ELSE 0 END AS covered
  FROM picked WHERE pick = 1 ORDER BY model_version, ts_ms`;

const customerRank = (column: string, p: number) =>
  `MAX(CASE WHEN ${column}_rank = (n * ${p} + 99) / 100 THEN ${column} END)`;

/**
 * P(alive) and lifetime value of the customers valued (`/customers/value` and its batch, one row a
 * customer) per bucket of `@bucketMs`: count, mean and nearest-rank p10 / p50 / p90 of each.
 */
export const CUSTOMER_VALUE_OVER_TIME_SQL = `WITH ranked AS (
    SELECT CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) AS bucket, probability_alive, lifetime_value,
      ROW_NUMBER() OVER (PARTITION BY CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) ORDER BY probability_alive)
        AS probability_alive_rank,
      ROW_NUMBER() OVER (PARTITION BY CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER) ORDER BY lifetime_value)
        AS lifetime_value_rank,
      COUNT(*) OVER (PARTITION BY CAST((ts_ms - @fromMs) / @bucketMs AS INTEGER)) AS n
    FROM requests WHERE task = @task AND ts_ms >= @fromMs AND ts_ms < @toMs AND status < 400
      AND probability_alive IS NOT NULL AND lifetime_value IS NOT NULL
  )
  SELECT bucket, MAX(n) AS customers,
    AVG(probability_alive) AS "aliveMean", ${customerRank('probability_alive', 10)} AS "aliveP10",
    ${customerRank('probability_alive', 50)} AS "aliveP50", ${customerRank('probability_alive', 90)} AS "aliveP90",
    AVG(lifetime_value) AS "valueMean", ${customerRank('lifetime_value', 10)} AS "valueP10",
    ${customerRank('lifetime_value', 50)} AS "valueP50", ${customerRank('lifetime_value', 90)} AS "valueP90"
  FROM ranked GROUP BY bucket ORDER BY bucket`;

/**
 * The segment mix of the customers valued in the window: one count per logged segment, NULL for a
 * customer not placed (sent as a summary, or valued by a model without stored segments), last on
 * either store (PostgreSQL sorts NULL last, SQLite first, unless told).
 */
export const CUSTOMER_SEGMENT_MIX_SQL = `SELECT segment, COUNT(*) AS customers
  FROM requests WHERE task = @task AND ts_ms >= @fromMs AND ts_ms < @toMs AND status < 400
    AND lifetime_value IS NOT NULL
  GROUP BY segment ORDER BY segment IS NULL, segment`;
