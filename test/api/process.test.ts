import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { spawnServer } from './helpers/serverProcess.ts';
import { writeTinyRegistry } from './helpers/tinyModels.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'api-process-'));
  writeTinyRegistry(join(dir, 'models'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = JSON.stringify(SESSION_EXAMPLE);
const post = (baseUrl: string) =>
  fetch(`${baseUrl}/churn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
    async (res) => ({ status: res.status, text: await res.text() }),
    () => ({ status: 0, text: 'connection failed' }),
  );

describe('the server process', () => {
  it('on SIGTERM finishes in-flight requests, flushes every queued log row and exits 0', async () => {
    const dbPath = join(dir, 'graceful.sqlite');
    // A flush interval of a minute: every row is still queued when the signal arrives.
    const server = await spawnServer({
      MODELS_DIR: join(dir, 'models'),
      DB_PATH: dbPath,
      LOG_FLUSH_INTERVAL_MS: '60000',
    });
    const first = await Promise.all(Array.from({ length: 30 }, () => post(server.baseUrl)));
    const inFlight = Array.from({ length: 10 }, () => post(server.baseUrl));
    server.child.kill('SIGTERM');
    const last = await Promise.all(inFlight);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const served = [...first, ...last].filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(30);
    const db = new Database(dbPath, { readonly: true });
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM requests WHERE status = 200').get() as { n: number })
      .n;
    db.close();
    expect(rows).toBe(served);
    expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });

  it('after SIGKILL while requests flow, restarts on an intact database and becomes ready', async () => {
    const dbPath = join(dir, 'crash.sqlite');
    const env = { MODELS_DIR: join(dir, 'models'), DB_PATH: dbPath, LOG_FLUSH_INTERVAL_MS: '5' };
    const server = await spawnServer(env);
    let flowing = true;
    let ok = 0;
    const clients = Array.from({ length: 4 }, async () => {
      while (flowing) if ((await post(server.baseUrl)).status === 200) ok++;
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    server.child.kill('SIGKILL');
    flowing = false;
    await Promise.all(clients);
    expect((await server.exited).signal).toBe('SIGKILL');
    expect(ok).toBeGreaterThan(0);

    const restarted = await spawnServer(env);
    try {
      const ready = await fetch(`${restarted.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect((await post(restarted.baseUrl)).status).toBe(200);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM requests WHERE status = 200').get() as { n: number })
      .n;
    db.close();
    // At most the rows of the last flush interval (plus answers in transit) are lost; the rest survive.
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(ok + 1 + 4);
  });
});
