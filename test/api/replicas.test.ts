import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from './helpers/serverProcess.ts';
import {
  CHURN_V1,
  CHURN_V2,
  churnArtifact,
  promote,
  writeTinyRegistry,
  writeVersion,
} from './helpers/tinyModels.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'replicas-'));
  writeTinyRegistry(join(dir, 'models'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The churn version a replica serves now. */
async function servedChurn(server: ServerProcess): Promise<string | undefined> {
  const { models } = (await (await fetch(`${server.baseUrl}/models`)).json()) as {
    models: { task: string; version: string }[];
  };
  return models.find((m) => m.task === 'churn')?.version;
}

describe('models across replicas: one registry folder shared by two server processes', () => {
  it('a promotion written by the retrain is served by both within 3 s (WATCH_INTERVAL_MS=1000)', async () => {
    const modelsDir = join(dir, 'models');
    const replicas = await Promise.all(
      ['a', 'b'].map((name) =>
        spawnServer({
          MODELS_DIR: modelsDir,
          DB_PATH: join(dir, `${name}.sqlite`),
          WATCH_INTERVAL_MS: '1000',
        }),
      ),
    );
    try {
      expect(await Promise.all(replicas.map(servedChurn))).toEqual([CHURN_V1, CHURN_V1]);
      // What `npm run retrain` does on a win: a new version folder, then the pointer renamed over.
      writeVersion(modelsDir, 'churn', CHURN_V2, churnArtifact(-2));
      promote(modelsDir, 'churn', CHURN_V2, CHURN_V1);
      const promotedAt = Date.now();
      await expect
        .poll(() => Promise.all(replicas.map(servedChurn)), { timeout: 10_000, interval: 50 })
        .toEqual([CHURN_V2, CHURN_V2]);
      const tookMs = Date.now() - promotedAt;
      expect(tookMs).toBeLessThan(3000);
    } finally {
      for (const replica of replicas) replica.child.kill('SIGTERM');
    }
    for (const replica of replicas) expect(await replica.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
