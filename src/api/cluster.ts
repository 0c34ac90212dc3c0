import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { stopSignal } from '../cli/stopSignal.ts';
import { openRequestLog } from '../monitoring/requestLog/index.ts';
import { openPostgresStore } from '../monitoring/requestLog/postgres/index.ts';
import { seedWorkingRegistry } from '../registry/index.ts';
import { answerClusterMetrics } from './clusterMetrics.ts';
import type { Config } from './config.ts';

/** A worker that dies this soon after its start is not restarted at once (a crash loop). */
const RESTART_DELAY_MS = 1_000;

/**
 * The primary process of `WORKERS=N npm run serve` (Node's cluster): prepares what must happen once
 * (request-log migrations, registry seeding), forks N workers that each run the whole service
 * (both models, their own watcher of the registry, their own request-log writer) on the shared
 * port, sums the workers' metrics for `/metrics`, restarts a worker that dies, and on SIGTERM/SIGINT stops every worker gracefully (each
 * drains its requests and flushes its rows) before it exits itself. Resolves with the exit code.
 *
 * @example
 * if (cluster.isPrimary && config.WORKERS > 1) process.exitCode = await runPrimary({ config, logger });
 */
export async function runPrimary({
  config,
  logger,
  signals = process,
}: {
  config: Config;
  logger: Logger;
  signals?: NodeJS.EventEmitter;
}): Promise<number> {
  // Migrations and seeding once, before any worker opens the log: SQLite migrations are not meant
  // to race (PostgreSQL's would serialise on their lock, but once is enough anyway).
  if (config.DATABASE_URL) await (await openPostgresStore(config.DATABASE_URL)).store.close();
  else openRequestLog(config.DB_PATH).db.close();
  seedWorkingRegistry(config.MODELS_DIR, config.SEED_MODELS_DIR);

  // Listen before announcing the start: a signal sent on seeing that line must drain, not kill.
  const stop = stopSignal(signals);
  let stopping = false;
  const failures: number[] = [];
  const fork = (): Worker => {
    const worker = cluster.fork();
    const startedMs = Date.now();
    worker.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failures.push(code ?? 1);
        return;
      }
      logger.error({ worker: worker.id, code, signal }, 'worker died; starting another');
      setTimeout(fork, Date.now() - startedMs < RESTART_DELAY_MS ? RESTART_DELAY_MS : 0).unref();
    });
    return worker;
  };
  const stopAnsweringMetrics = answerClusterMetrics();
  for (let i = 0; i < config.WORKERS; i++) fork();
  logger.info({ workers: config.WORKERS, pid: process.pid }, 'cluster primary started');

  const signal = await stop;
  stopping = true;
  logger.info({ reason: signal }, 'stopping every worker');
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          // Each worker runs the single-process shutdown: drain, flush the request log, exit 0.
          worker.process.kill('SIGTERM');
        }),
    ),
  );
  stopAnsweringMetrics();
  logger.info({ failedWorkers: failures.length }, 'cluster stopped');
  return failures.length === 0 ? 0 : 1;
}
