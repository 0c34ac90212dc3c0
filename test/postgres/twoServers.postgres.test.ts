import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { POSTGRES_MIGRATIONS } from '../../src/monitoring/requestLog/postgres/index.ts';
import { type ServerProcess, spawnServer } from '../api/helpers/serverProcess.ts';
import { ADMIN_TOKEN } from '../api/helpers/testService.ts';
import { writeTinyRegistry } from '../api/helpers/tinyModels.ts';
import { createTestDatabase } from './testDatabase.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'two-servers-'));
  writeTinyRegistry(join(dir, 'models'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

describe('two server processes on one PostgreSQL request log', () => {
  it('under concurrent load: logged rows equal answers, monitoring on either sees both, both stop cleanly', async () => {
    const env = {
      DATABASE_URL: database.url,
      MODELS_DIR: join(dir, 'models'),
      ADMIN_TOKEN,
    };
    // Started together: both run the migrations, the advisory lock makes one of them do it.
    const servers: ServerProcess[] = await Promise.all([spawnServer(env), spawnServer(env)]);
    const answered = [0, 0];
    const body = JSON.stringify(SESSION_EXAMPLE);
    try {
      // 8 clients, 250 requests each, alternating between the replicas (a round-robin balancer).
      await Promise.all(
        Array.from({ length: 8 }, async (_, client) => {
          for (let i = 0; i < 250; i++) {
            const s = (client + i) % 2;
            const response = await fetch(`${servers[s]?.baseUrl}/churn`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            });
            if (response.status === 200) answered[s] = (answered[s] ?? 0) + 1;
            await response.arrayBuffer();
          }
        }),
      );
      expect(answered).toEqual([1000, 1000]);
      // Each replica's monitoring reads the shared log: both replicas' requests, once the flush window passed.
      for (const server of servers) {
        await expect
          .poll(
            async () => {
              const ops = await fetch(`${server.baseUrl}/monitoring/ops?since=1h`, {
                headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
              });
              return ((await ops.json()) as { totalRequests: number }).totalRequests;
            },
            { timeout: 5000, interval: 100 },
          )
          .toBe(2000);
      }
    } finally {
      for (const server of servers) server.child.kill('SIGTERM');
    }
    for (const server of servers) expect(await server.exited).toEqual({ code: 0, signal: null });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT COUNT(*)::int AS n, COUNT(DISTINCT request_id)::int AS ids FROM requests WHERE endpoint = '/churn' AND status = 200`,
      );
      expect(rows[0]).toEqual({ n: 2000, ids: 2000 });
      const migrations = await client.query('SELECT COUNT(*)::int AS n FROM schema_migrations');
      expect(migrations.rows[0].n).toBe(POSTGRES_MIGRATIONS.length);
    } finally {
      await client.end();
    }
  }, 120_000);
});
