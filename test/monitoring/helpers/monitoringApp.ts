import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { createApp } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/api/config.ts';
import { ModelStore } from '../../../src/api/models/index.ts';
import { createMonitoringRouter } from '../../../src/api/monitoring/index.ts';
import type { ServedModel } from '../../../src/monitoring/servedModel.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/**
 * The service's real app (createApp: its middleware, security headers, onError → problem+json)
 * with the monitoring router mounted as the app mounts it, over a given request log.
 */
export function monitoringApp({
  db,
  models,
  nowMs,
}: {
  db: Database.Database;
  models: ServedModel[];
  nowMs?: () => number;
}) {
  const logger = pino({ level: 'silent' });
  const config = loadConfig({ ADMIN_TOKEN, MODELS_DIR: 'models-not-needed-here' });
  const service = createApp({
    config,
    db,
    models: new ModelStore({ modelsDir: config.MODELS_DIR, logger }),
    logger,
  });
  service.app.route(
    '/',
    createMonitoringRouter({ db, servedModels: () => models, adminToken: ADMIN_TOKEN, nowMs }),
  );
  return service;
}
