import cluster from 'node:cluster';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { loadThresholds } from '../monitoring/config.ts';
import {
  type MigrationResult,
  openRequestLog,
  RequestLogOpenError,
  type RequestStore,
  scheduleRetention,
} from '../monitoring/requestLog/index.ts';
import { openPostgresStore, PostgresOpenError } from '../monitoring/requestLog/postgres/index.ts';
import { seedIfWorkingRegistry } from '../registry/index.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { listenHttp, ServiceStartError } from './httpServer.ts';
import { ModelStore, watchModels } from './models/index.ts';

export interface RunningService {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /**
   * End the monitoring report thread (pending reports answer 503), stop accepting, drain in-flight
   * requests, flush the request log, close the database.
   */
  shutdown(reason: string): Promise<void>;
}

/**
 * Start the whole service: open and migrate the request log, load the production models, serve
 * HTTP, watch the registry for promotions and expire old log rows. A missing or invalid model does
 * not stop the start: the service runs unready (/readyz 503) until a valid model is promoted.
 *
 * @example
 * const service = await runService({ config: loadConfig(), logger: pino() });
 * process.once('SIGTERM', () => service.shutdown('SIGTERM'));
 */
export async function runService({
  config,
  logger,
}: {
  config: Config;
  logger: Logger;
}): Promise<RunningService> {
  const { db, store, migration } = await openServiceLog(config, logger);
  logger.info({ requestLog: store?.location ?? config.DB_PATH, ...migration }, 'request log open');
  const seeded = seedIfWorkingRegistry(config.MODELS_DIR, config.SEED_MODELS_DIR);
  if (seeded.copiedVersions.length > 0) {
    logger.info(
      { modelsDir: config.MODELS_DIR, seedDir: config.SEED_MODELS_DIR, ...seeded },
      'registry seeded',
    );
  }
  const models = new ModelStore({ modelsDir: config.MODELS_DIR, logger });
  models.reloadAll();
  if (!config.ADMIN_TOKEN) logger.warn('ADMIN_TOKEN is not set: /admin/* and /monitoring/* answer 503');
  const monitoringThresholds = loadThresholds(config.MONITORING_CONFIG);
  const service = createApp({
    config,
    db,
    store,
    models,
    logger,
    monitoringThresholds,
    metricsScope: cluster.isWorker ? 'cluster' : 'process',
  });
  const stopWatching = config.WATCH_MODELS
    ? watchModels(models, { intervalMs: config.WATCH_INTERVAL_MS, logger })
    : () => {};
  let server: Server;
  try {
    server = await listenHttp(service.app.fetch, config);
  } catch (error) {
    stopWatching();
    await service.reports.close();
    await service.close();
    db?.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.HOST, ready: models.complete }, 'listening');
  // Listen first: the first run may delete 500k rows (in chunks, on the writer thread) while the
  // service already answers.
  const stopRetention = scheduleRetention(service.store, config.RETENTION_DAYS, {
    onDeleted: (deleted) =>
      logger.info({ ...deleted, retentionDays: config.RETENTION_DAYS }, 'expired log rows deleted'),
    onError: (error) => logger.error({ err: (error as Error).message }, 'retention failed'),
  });

  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down: draining in-flight requests');
      stopWatching();
      stopRetention();
      // First: a report can take seconds and would hold the drain; its caller gets a 503 at once.
      await service.reports.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'drain timed out; closing open connections');
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, config.SHUTDOWN_TIMEOUT_MS);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await service.close();
      db?.close();
      const rows = service.requestLog.stats;
      logger.info(
        { loggedRows: rows.writtenRows + rows.queuedRows, droppedRows: rows.droppedRows },
        'stopped',
      );
    })();
    return stopping;
  };
  return { port, shutdown };
}

/** The request log the configuration names: PostgreSQL at DATABASE_URL, else SQLite at DB_PATH. */
async function openServiceLog(
  config: Config,
  logger: Logger,
): Promise<{ db?: Database.Database; store?: RequestStore; migration: MigrationResult }> {
  if (config.DATABASE_URL) {
    try {
      return await openPostgresStore(config.DATABASE_URL, {
        flushIntervalMs: config.LOG_FLUSH_INTERVAL_MS,
        onFlushError: (error, queuedRows) =>
          logger.error({ err: error.message, queuedRows }, 'request log flush failed; rows kept for retry'),
        onPoolError: (error) =>
          logger.error({ err: error.message }, 'PostgreSQL connection lost; reconnecting'),
      });
    } catch (error) {
      if (error instanceof PostgresOpenError) throw new ServiceStartError(`DATABASE_URL: ${error.message}`);
      throw error;
    }
  }
  try {
    return openRequestLog(config.DB_PATH, { busyTimeoutMs: 1_000 });
  } catch (error) {
    if (error instanceof RequestLogOpenError) throw new ServiceStartError(`DB_PATH: ${error.message}`);
    throw error;
  }
}
