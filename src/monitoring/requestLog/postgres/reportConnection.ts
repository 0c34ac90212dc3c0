import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { startThread } from '../../../ml/startThread.ts';
import { describePostgresUrl } from './connect.ts';
import type { QueryAnswer, QueryJob, QueryThreadData } from './queryThreadProtocol.ts';

const QUERY_THREAD_URL = new URL('./queryThread.ts', import.meta.url);

/**
 * A read connection to a PostgreSQL request log for the monitoring reports, with the small part of
 * better-sqlite3's synchronous API the reports use (`prepare(sql).all/get`, `.raw().iterate`), so
 * the same report code and the same SQL (`src/monitoring/queries.ts`, `@name` parameters) run on
 * either store. The reports are synchronous by design — they run on the report thread or in the
 * CLI's own process, never on the service's event loop — so each query is handed to a helper
 * thread holding a small pg pool and the caller blocks (`Atomics.wait`) until the answer arrives.
 * `raw().iterate()` reads through a server-side cursor, a batch at a time.
 *
 * @example
 * const db = PostgresReportConnection.open(process.env.DATABASE_URL).asReportDatabase();
 * const report = opsReport(db, window, thresholds);
 */
export class PostgresReportConnection {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));

  private constructor(
    readonly url: string,
    private readonly timeoutMs: number,
    private readonly batchRows: number,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startThread(QUERY_THREAD_URL, {
      workerData: { url, control: this.control, port: port2 } satisfies QueryThreadData & { port: unknown },
      transferList: [port2],
      name: 'postgres-reports',
    });
    this.worker.unref();
    port1.unref();
  }

  /**
   * Start the helper thread; the first query connects (and reports a bad URL or password).
   * `batchRows`: rows per cursor read when iterating.
   */
  static open(url: string, { timeoutMs = 300_000, batchRows = 5_000 } = {}): PostgresReportConnection {
    return new PostgresReportConnection(url, timeoutMs, batchRows);
  }

  /** Run one query (`@name` parameters from `params`) and wait for its rows. */
  query(sql: string, params: Record<string, unknown> = {}, rowMode?: 'array'): unknown[] {
    const answer = this.send({ op: 'query', ...bindNamed(sql, params), rowMode });
    return (answer as { rows: unknown[] }).rows;
  }

  /**
   * Iterate the rows of one query through a server-side cursor, `batchRows` at a time: a report
   * over a million-row window holds one batch in memory, not the window (drift and quality stream
   * their rows; `query` would hold them all, twice, in the thread and here). Breaking out of the
   * loop closes the cursor.
   */
  *iterate(sql: string, params: Record<string, unknown> = {}, rowMode?: 'array'): Generator<unknown> {
    const { cursor } = this.send({ op: 'open', ...bindNamed(sql, params), rowMode }) as { cursor: number };
    let done = false;
    try {
      while (!done) {
        const { rows } = this.send({ op: 'read', cursor, count: this.batchRows }) as { rows: unknown[] };
        done = rows.length < this.batchRows;
        yield* rows;
      }
    } finally {
      if (!done) this.send({ op: 'close', cursor });
    }
  }

  /** Hand one job to the thread and block until its answer (or the timeout). */
  private send(job: QueryJob): QueryAnswer {
    Atomics.store(this.control, 0, 0);
    this.port.postMessage(job);
    if (Atomics.wait(this.control, 0, 0, this.timeoutMs) === 'timed-out') {
      throw new Error(
        `PostgreSQL at ${describePostgresUrl(this.url)} did not answer within ${this.timeoutMs / 1000} s.`,
      );
    }
    const answer = receiveMessageOnPort(this.port)?.message as QueryAnswer | undefined;
    if (answer === undefined) throw new Error('the PostgreSQL query thread answered nothing');
    if ('error' in answer) {
      throw new Error(
        `PostgreSQL request log ${describePostgresUrl(this.url)}: ${answer.error.message}${answer.error.code ? ` (SQLSTATE ${answer.error.code})` : ''}`,
      );
    }
    return answer;
  }

  /**
   * This connection typed as what the reports take. They only call `prepare(sql)` and, on the
   * statement, `all(params)`, `get(params)`, `raw(true).iterate(params)`: exactly what is built here.
   */
  asReportDatabase(): Database.Database {
    const statement = (sql: string) => ({
      all: (params?: Record<string, unknown>) => this.query(sql, params),
      get: (params?: Record<string, unknown>) => this.query(sql, params)[0],
      raw: () => ({
        iterate: (params?: Record<string, unknown>) => this.iterate(sql, params, 'array'),
        all: (params?: Record<string, unknown>) => this.query(sql, params, 'array'),
      }),
    });
    return {
      prepare: statement,
      close: () => this.close(),
      memory: false,
      name: describePostgresUrl(this.url),
    } as never;
  }

  /** End the helper thread (and its connection). */
  close(): void {
    void this.worker.terminate();
    this.port.close();
  }
}

/** `@name` parameters → `$n` (the same number for every use of a name) and their values in order. */
function bindNamed(sql: string, params: Record<string, unknown>): { sql: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    let index = names.indexOf(name);
    if (index === -1) index = names.push(name) - 1;
    return `$${index + 1}`;
  });
  const values = names.map((name) => {
    if (!(name in params)) throw new Error(`query parameter @${name} has no value`);
    return params[name];
  });
  return { sql: text, values };
}
