import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { startThread } from '../ml/startThread.ts';
import { servedModelData } from '../registry/servedModel.ts';
import { computeReport, type ReportArgs, type ReportKind, type ReportOfKind } from './computeReport.ts';
import type { ReportAnswer, ReportJob, ReportThreadData } from './reportThreadProtocol.ts';
import type { ReportDatabaseSpec } from './requestLog/requestStore.ts';

const REPORT_THREAD_URL = new URL('./reportThread.ts', import.meta.url).href;

/** No report for this request: the thread stopped, the runner is closed, or the caller gave up. */
export class ReportUnavailableError extends Error {
  override name = 'ReportUnavailableError';
}

interface QueuedJob extends ReportJob {
  resolve: (report: unknown) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface ReportRunnerOptions {
  /** The thread's entry module (default: reportThread.ts); the crash tests hand in one that dies. */
  threadUrl?: string;
}

/**
 * Runs monitoring reports off the event loop: on one worker thread with its own read-only
 * connection to the request log (WAL lets it read beside the writer thread), started on first use.
 * Reports run one at a time in arrival order: each is CPU-bound on a machine with few cores, so a
 * second in parallel would only slow the predictions and the first report down. A queued report
 * whose caller aborts (the HTTP client went away) is dropped without running. When the thread dies
 * (out of memory, a native crash) the report it was computing fails with a ReportUnavailableError
 * and the next one starts a new thread. An in-memory database cannot be opened by a second
 * connection: its reports are computed on the caller's thread by the same code.
 *
 * @example
 * const reports = new ReportRunner(db);
 * const [churnDrift] = await reports.run('drift', { models: [servedChurn], window, thresholds });
 * await reports.close(); // at shutdown
 */
export class ReportRunner {
  /** Set for an in-memory SQLite database, whose reports run on the caller's thread. */
  private readonly memoryDb: Database.Database | null;
  private readonly database: ReportDatabaseSpec;
  private readonly threadUrl: string;
  private thread: Worker | null = null;
  private readonly waiting: QueuedJob[] = [];
  private running: QueuedJob | null = null;
  private nextId = 1;
  private closed = false;

  /** `source`: an open SQLite request log, or how to reach the log (the PostgreSQL store's spec). */
  constructor(
    source: Database.Database | ReportDatabaseSpec,
    { threadUrl = REPORT_THREAD_URL }: ReportRunnerOptions = {},
  ) {
    const isSpec = 'kind' in source;
    this.memoryDb = !isSpec && source.memory ? source : null;
    this.database = isSpec
      ? source
      : {
          kind: 'sqlite',
          path: source.name,
          busyTimeoutMs: source.pragma('busy_timeout', { simple: true }) as number,
          memory: source.memory,
        };
    this.threadUrl = threadUrl;
  }

  /**
   * Compute one report. Rejects with a ReportUnavailableError when the thread dies meanwhile, the
   * runner is closed, or `signal` aborts before the report started; with the report's own error
   * (name, message and stack from the thread) when the report code throws.
   */
  run<K extends ReportKind>(
    kind: K,
    args: ReportArgs,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<ReportOfKind[K]> {
    if (this.closed) return Promise.reject(new ReportUnavailableError(SHUTTING_DOWN));
    const memoryDb = this.memoryDb;
    if (memoryDb) return new Promise((resolve) => resolve(computeReport(kind, memoryDb, args)));
    return new Promise((resolve, reject) => {
      const job: QueuedJob = {
        id: this.nextId++,
        kind,
        args: { ...args, models: args.models.map(servedModelData) },
        resolve: resolve as QueuedJob['resolve'],
        reject,
      };
      if (signal) {
        if (signal.aborted) return reject(new ReportUnavailableError(CANCELLED));
        job.signal = signal;
        job.onAbort = () => {
          const index = this.waiting.indexOf(job);
          if (index === -1) return;
          this.waiting.splice(index, 1);
          reject(new ReportUnavailableError(CANCELLED));
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.waiting.push(job);
      this.startNext();
    });
  }

  /** Fail every queued and running report, end the thread, refuse further reports. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new ReportUnavailableError(SHUTTING_DOWN);
    for (const job of [this.running, ...this.waiting.splice(0)]) job?.reject(error);
    this.running = null;
    const thread = this.thread;
    this.thread = null;
    await thread?.terminate();
  }

  private startNext(): void {
    if (this.running !== null || this.closed) return;
    const job = this.waiting.shift();
    if (job === undefined) {
      // An idle thread must not keep a finished process alive.
      this.thread?.unref();
      return;
    }
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    this.running = job;
    const thread = this.thread ?? this.startReportThread();
    thread.ref();
    try {
      thread.postMessage({ id: job.id, kind: job.kind, args: job.args } satisfies ReportJob);
    } catch (error) {
      // Arguments that cannot be cloned: a bug of the caller, answered as such.
      this.running = null;
      job.reject(error as Error);
      this.startNext();
    }
  }

  private startReportThread(): Worker {
    const data: ReportThreadData = { database: this.database };
    const thread = startThread(this.threadUrl, { workerData: data, name: 'monitoring-reports' });
    let failure: string | null = null;
    thread.on('message', (answer: ReportAnswer) => this.answered(answer));
    thread.once('error', (error: Error) => {
      failure = `failed: ${error.message}`;
    });
    thread.once('exit', (code) => this.threadEnded(thread, failure ?? `exited with code ${code}`));
    this.thread = thread;
    return thread;
  }

  private answered(answer: ReportAnswer): void {
    const job = this.running;
    if (job === null || job.id !== answer.id) return;
    this.running = null;
    if ('error' in answer) {
      const error = new Error(answer.error.message);
      error.name = answer.error.name;
      if (answer.error.stack) error.stack = answer.error.stack;
      job.reject(error);
    } else {
      job.resolve(answer.report);
    }
    this.startNext();
  }

  private threadEnded(thread: Worker, reason: string): void {
    if (this.thread !== thread) return; // closed: close() has answered every report already
    this.thread = null;
    const job = this.running;
    this.running = null;
    job?.reject(
      new ReportUnavailableError(
        `The monitoring report thread ${reason} while computing the ${job.kind} report; the next request starts a new thread.`,
      ),
    );
    this.startNext();
  }
}

const SHUTTING_DOWN = 'The service is shutting down; the report was not computed.';
const CANCELLED = 'The request was cancelled before its report started.';
