import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { spawnServer } from './helpers/serverProcess.ts';
import {
  CHURN_V1,
  CHURN_V2,
  churnArtifact,
  promote,
  writeTinyRegistry,
  writeVersion,
} from './helpers/tinyModels.ts';

/** One request on a NEW connection (Node's cluster hands out connections, not requests, to workers). */
function call(
  baseUrl: string,
  path: string,
  body?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${baseUrl}${path}`,
      {
        method: body ? 'POST' : 'GET',
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** GET /metrics on a new connection: the Prometheus text. */
function scrape(baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpRequest(`${baseUrl}/metrics`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`)),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The sum of http_requests_total over the /churn 200 series. */
const churnAnswers = (text: string) =>
  text
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('http_requests_total{') &&
        line.includes('route="/churn"') &&
        line.includes('status="200"'),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

/** The worker ids in the access lines of `path` so far. */
const workersServing = (lines: string[], path: string) =>
  new Set(
    lines
      .map((line) => JSON.parse(line) as { msg?: string; path?: string; worker?: number })
      .filter((entry) => entry.msg === 'request' && entry.path === path)
      .map((entry) => entry.worker),
  );

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'workers-'));
  writeTinyRegistry(join(dir, 'models'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WORKERS=2 npm run serve (Node cluster)', () => {
  it('serves from both workers, reloads a promotion in both, restarts a dead worker and stops with every row flushed', async () => {
    const dbPath = join(dir, 'requests.sqlite');
    const server = await spawnServer({
      WORKERS: '2',
      MODELS_DIR: join(dir, 'models'),
      DB_PATH: dbPath,
      WATCH_INTERVAL_MS: '500',
    });
    const body = JSON.stringify(SESSION_EXAMPLE);
    let answered = 0;
    try {
      // Both workers listen before traffic: wait for the second 'listening' line.
      await expect
        .poll(() => server.lines.filter((l) => l.includes('"listening"')).length, { timeout: 20_000 })
        .toBe(2);
      for (let i = 0; i < 40; i++)
        if ((await call(server.baseUrl, '/churn', body)).status === 200) answered++;
      expect(answered).toBe(40);
      expect(workersServing(server.lines, '/churn')).toEqual(new Set([1, 2]));

      // A promotion is picked up by every worker: consecutive answers (alternating workers) all name it.
      writeVersion(join(dir, 'models'), 'churn', CHURN_V2, churnArtifact(-2));
      promote(join(dir, 'models'), 'churn', CHURN_V2, CHURN_V1);
      const promotedAt = Date.now();
      await expect
        .poll(
          async () => {
            const answers = await Promise.all(
              Array.from({ length: 6 }, () => call(server.baseUrl, '/churn', body)),
            );
            answered += answers.filter((a) => a.status === 200).length;
            return answers.every((a) => a.json.modelVersion === CHURN_V2);
          },
          { timeout: 5000, interval: 100 },
        )
        .toBe(true);
      expect(Date.now() - promotedAt).toBeLessThan(3000);

      // A worker killed outright is replaced; the service keeps answering meanwhile.
      const workerPids = server.lines
        .map((line) => JSON.parse(line) as { msg?: string; pid?: number })
        .filter((entry) => entry.msg === 'listening')
        .map((entry) => entry.pid);
      process.kill(workerPids[0] as number, 'SIGKILL');
      await expect
        .poll(() => server.lines.filter((l) => l.includes('"listening"')).length, { timeout: 20_000 })
        .toBe(3);
      expect(server.lines.some((l) => l.includes('worker died; starting another'))).toBe(true);
      for (let i = 0; i < 10; i++)
        if ((await call(server.baseUrl, '/churn', body)).status === 200) answered++;
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const db = new Database(dbPath, { readonly: true });
    const rows = (
      db.prepare("SELECT COUNT(*) AS n FROM requests WHERE endpoint = '/churn' AND status = 200").get() as {
        n: number;
      }
    ).n;
    db.close();
    // The SIGKILLed worker may lose what it had not committed (≤ one flush window of its rows);
    // everything the others answered is there after the graceful stop.
    expect(rows).toBeLessThanOrEqual(answered);
    expect(rows).toBeGreaterThanOrEqual(answered - 20);
  }, 90_000);

  it('answers /metrics with every worker summed, whichever worker takes the scrape', async () => {
    const server = await spawnServer({
      WORKERS: '2',
      MODELS_DIR: join(dir, 'models'),
      DB_PATH: join(dir, 'metrics.sqlite'),
    });
    const body = JSON.stringify(SESSION_EXAMPLE);
    try {
      await expect
        .poll(() => server.lines.filter((l) => l.includes('"listening"')).length, { timeout: 20_000 })
        .toBe(2);
      for (let i = 0; i < 30; i++) expect((await call(server.baseUrl, '/churn', body)).status).toBe(200);
      await expect
        .poll(() => workersServing(server.lines, '/churn'), { timeout: 5000 })
        .toEqual(new Set([1, 2]));
      // Each scrape on a new connection: both workers answer scrapes, and each sees all 30 requests.
      for (let i = 0; i < 6; i++) {
        const text = await scrape(server.baseUrl);
        expect(churnAnswers(text)).toBe(30);
        // model_info is one per served version, not one per worker.
        expect(text).toMatch(/^model_info\{task="churn",[^}]*\} 1$/m);
      }
      // The access line follows the answer on the worker's stdout: wait for it rather than race it.
      await expect
        .poll(() => workersServing(server.lines, '/metrics'), { timeout: 5000 })
        .toEqual(new Set([1, 2]));
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('loses no row on a graceful stop: rows = answers', async () => {
    const dbPath = join(dir, 'graceful.sqlite');
    const server = await spawnServer({ WORKERS: '2', MODELS_DIR: join(dir, 'models'), DB_PATH: dbPath });
    const body = JSON.stringify(SESSION_EXAMPLE);
    let answered = 0;
    try {
      await expect
        .poll(() => server.lines.filter((l) => l.includes('"listening"')).length, { timeout: 20_000 })
        .toBe(2);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 50; i++)
            if ((await call(server.baseUrl, '/churn', body)).status === 200) answered++;
        }),
      );
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM requests WHERE endpoint = '/churn'").get()).toEqual({
      n: answered,
    });
    db.close();
    expect(answered).toBe(200);
    expect(workersServing(server.lines, '/churn')).toEqual(new Set([1, 2]));
  }, 60_000);
});
