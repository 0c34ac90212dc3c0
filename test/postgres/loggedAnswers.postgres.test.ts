import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type ServiceApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/api/config.ts';
import { ModelStore } from '../../src/api/models/index.ts';
import { openPostgresStore } from '../../src/monitoring/requestLog/postgres/index.ts';
import { CUSTOMER_TASK } from '../../src/registry/index.ts';
import { ADMIN_TOKEN, FEEDBACK_TOKEN } from '../api/helpers/testService.ts';
import { writeTinyRegistry } from '../api/helpers/tinyModels.ts';
import { describeLoggedAnswers } from '../requestLog/helpers/loggedAnswers.ts';
import { createTestDatabase } from './testDatabase.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
let service: ServiceApp;
let server: Server;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'logged-answers-pg-'));
  const modelsDir = join(dir, 'models');
  writeTinyRegistry(modelsDir);
  cpSync('models/customer-value', join(modelsDir, CUSTOMER_TASK), { recursive: true });
  const { store } = await openPostgresStore(database.url, { flushIntervalMs: 20 });
  const logger = pino({ level: 'silent' });
  const models = new ModelStore({ modelsDir, logger });
  models.reloadAll();
  const config = loadConfig({
    ADMIN_TOKEN,
    FEEDBACK_TOKEN,
    MODELS_DIR: modelsDir,
    DATABASE_URL: database.url,
  });
  service = createApp({ config, store, models, logger });
  server = createServer(getRequestListener(service.app.fetch));
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await service.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

describeLoggedAnswers('PostgreSQL', () => ({
  server,
  async rowOf(requestId) {
    await service.requestLog.flush();
    const { rows } = await pool.query('SELECT * FROM requests WHERE request_id = $1', [requestId]);
    if (rows.length !== 1) throw new Error(`${rows.length} log rows for ${requestId}`);
    return rows[0];
  },
}));
