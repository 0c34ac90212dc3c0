import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type Database from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import { createApp, type ServiceApp } from '../../../src/api/app.ts';
import { type Config, loadConfig } from '../../../src/api/config.ts';
import { ModelStore } from '../../../src/api/models/index.ts';
import { openRequestLog } from '../../../src/monitoring/requestLog/index.ts';
import { writeTinyRegistry } from './tinyModels.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** The write token of POST /feedback (apart from the admin token). */
export const FEEDBACK_TOKEN = 'test-feedback-token-0123456789';

export interface TestService extends ServiceApp {
  dir: string;
  modelsDir: string;
  dbPath: string;
  db: Database.Database;
  models: ModelStore;
  config: Config;
  logger: Logger;
  /** A Node HTTP server over the app (not listening: supertest binds it). */
  server: Server;
  stop(): void;
}

/**
 * The real app over a temp folder: tiny registry (unless `withModels: false`), real SQLite file,
 * models loaded, logs silent. `env` overrides configuration variables.
 */
export function startTestService({
  env = {},
  withModels = true,
}: {
  env?: Record<string, string>;
  withModels?: boolean;
} = {}): TestService {
  const dir = mkdtempSync(join(tmpdir(), 'api-test-'));
  const modelsDir = join(dir, 'models');
  const dbPath = join(dir, 'var', 'requests.sqlite');
  if (withModels) writeTinyRegistry(modelsDir);
  const config = loadConfig({
    MODELS_DIR: modelsDir,
    DB_PATH: dbPath,
    ADMIN_TOKEN,
    FEEDBACK_TOKEN,
    LOG_LEVEL: 'silent',
    LOG_FLUSH_INTERVAL_MS: '10',
    ...env,
  });
  const logger = pino({ level: config.LOG_LEVEL });
  const { db } = openRequestLog(dbPath);
  const models = new ModelStore({ modelsDir, logger });
  models.reloadAll();
  const service = createApp({ config, db, models, logger });
  const server = createServer(getRequestListener(service.app.fetch));
  return {
    ...service,
    dir,
    modelsDir,
    dbPath,
    db,
    models,
    config,
    logger,
    server,
    stop() {
      service.close();
      db.close();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rows of the request log (after flushing the writer). */
export function loggedRows(service: TestService): Record<string, unknown>[] {
  service.requestLog.flush();
  return service.db.prepare('SELECT * FROM requests ORDER BY id').all() as Record<string, unknown>[];
}
