import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { createApp } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/api/config.ts';
import { ModelStore } from '../../../src/api/models/index.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/**
 * The service's real app (createApp mounts the monitoring router itself) over a request log and a
 * registry folder, with its models loaded as at start-up.
 */
export function monitoringApp({ db, modelsDir }: { db: Database.Database; modelsDir: string }) {
  const logger = pino({ level: 'silent' });
  const config = loadConfig({ ADMIN_TOKEN, MODELS_DIR: modelsDir });
  const models = new ModelStore({ modelsDir, logger });
  const outcomes = models.reloadAll();
  const refused = outcomes.filter((o) => o.outcome !== 'loaded');
  if (refused.length) throw new Error(`test registry did not load: ${JSON.stringify(refused)}`);
  return createApp({ config, db, models, logger });
}
