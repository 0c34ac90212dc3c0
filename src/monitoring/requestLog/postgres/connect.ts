import pg from 'pg';

/** Whether a --db / DATABASE_URL value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//.test(value);
}

/** `host:port/database` of a connection URL: for logs and errors (the password never appears). */
export function describePostgresUrl(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `postgres://${hostname}:${port || 5432}${pathname}`;
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

// BIGINT (ts_ms, ids, COUNT) and NUMERIC come back as JavaScript numbers, as from SQLite: every
// value the log holds is far below 2^53.
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
};

/** Connection settings shared by the service's pool and the report connections. */
export function postgresConfig(url: string, applicationName: string): pg.ClientConfig {
  return { connectionString: url, application_name: applicationName, types: TYPES as pg.CustomTypesConfig };
}

/**
 * A connection pool on `url` (the service's writer, /feedback, retention); errors on idle clients
 * are reported rather than crashing the process (the pool replaces the client).
 */
export function openPostgresPool(
  url: string,
  { max = 4, onError = () => {} }: { max?: number; onError?: (error: Error) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({ ...postgresConfig(url, 'retention-service'), max, idleTimeoutMillis: 30_000 });
  pool.on('error', onError);
  return pool;
}

/** A PostgreSQL failure in one line, with the server's code when it has one. */
export function describePostgresError(error: unknown): string {
  const { message, code } = error as { message?: string; code?: string };
  return `${message ?? String(error)}${code ? ` (SQLSTATE ${code})` : ''}`;
}
