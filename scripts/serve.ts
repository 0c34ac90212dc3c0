import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { runPrimary } from '../src/api/cluster.ts';
import { ConfigError, loadConfig } from '../src/api/config.ts';
import { ServiceStartError } from '../src/api/httpServer.ts';
import { type RunningService, runService } from '../src/api/server.ts';
import { stopSignal } from '../src/cli/stopSignal.ts';

const HELP = `Usage: npm run serve [-- --workers N|auto] [-- --help]

Serve the churn and session-value models over HTTP (docs at /docs, spec at /openapi.json).
Configuration comes from environment variables (docs/api.md, "Configuration"; every limit and
timeout in docs/operations.md):

  PORT=8080  HOST=0.0.0.0  MODELS_DIR=var/models  SEED_MODELS_DIR=models  DB_PATH=var/requests.sqlite
  ADMIN_TOKEN=<16+ chars, enables /admin/* and /monitoring/*>  LOG_LEVEL=info
  BODY_LIMIT_BYTES=1048576  BATCH_MAX_SESSIONS=100  LOG_FLUSH_INTERVAL_MS=50
  RETENTION_DAYS=30  WATCH_MODELS=true  WATCH_INTERVAL_MS=2000  SHUTDOWN_TIMEOUT_MS=10000
  HEADERS_TIMEOUT_MS=10000  REQUEST_TIMEOUT_MS=30000  KEEP_ALIVE_TIMEOUT_MS=5000  MAX_CONNECTIONS=1024

--workers N (or WORKERS=N; auto = one per core): N worker processes share the port (Node's cluster),
each serving both models and reloading on promotion; a primary restarts a worker that dies.

SIGTERM/SIGINT stop gracefully (every worker): in-flight requests finish, the request log is flushed.
Exit codes: 0 stopped cleanly, 1 failed to start or run, 2 bad configuration or usage.
`;

async function main(): Promise<number> {
  try {
    const { values } = parseArgs({
      options: { help: { type: 'boolean', short: 'h' }, workers: { type: 'string' } },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    // The flag wins over the variable, and the workers inherit it with the environment.
    if (values.workers !== undefined) process.env.WORKERS = values.workers;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = pino({
    level: config.LOG_LEVEL,
    base: {
      service: 'retention-service',
      ...(cluster.isWorker ? { worker: cluster.worker?.id, pid: process.pid } : {}),
    },
  });
  if (cluster.isPrimary && config.WORKERS > 1) {
    try {
      return await runPrimary({ config, logger });
    } catch (error) {
      process.stderr.write(`serve: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const signal = stopSignal();
  let service: RunningService;
  try {
    service = await runService({ config, logger });
  } catch (error) {
    if (!(error instanceof ServiceStartError)) throw error;
    process.stderr.write(`serve: ${error.message}\n`);
    return 1;
  }
  try {
    await service.shutdown(await signal);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
  }
  // A cluster worker's IPC channel to the primary would keep it alive: everything is flushed, let go.
  if (cluster.isWorker) cluster.worker?.disconnect();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`serve: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
