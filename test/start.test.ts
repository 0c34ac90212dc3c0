import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'start-'));
const modelsDir = join(dir, 'models');
cpSync('models', modelsDir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `npm start`'s script on the committed models until `done` says so, then stop it with SIGTERM. */
function runStart(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
    env: {
      ...process.env,
      DB_PATH: join(dir, 'requests.sqlite'),
      // The committed models as a fresh clone seeds them (a checkout's var/models may hold older ones).
      MODELS_DIR: modelsDir,
      ADMIN_TOKEN: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = stdout.match(pattern);
        if (match) {
          clearInterval(timer);
          resolve(match);
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`start exited ${child.exitCode}: ${stdout}\n${stderr}`));
        }
      };
      const timer = setInterval(check, 50);
    });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, waitFor, exited, output: () => stdout };
}

describe('npm start (the demo on the embedded default)', () => {
  it('serves the committed models, replays demo traffic into the log and stops cleanly on SIGTERM', async () => {
    const run = runStart(['--port', '0', '--demo-sessions', '4']);
    const [, baseUrl] = await run.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const docs = await fetch(`${baseUrl}/docs`);
    expect(docs.status).toBe(200);
    const [, token] = await run.waitFor(/admin token +([0-9a-f]{36}) \(made up for this run/);
    await run.waitFor(/Demo traffic done: 4 sessions, (\d+) predictions, (\d+) outcomes sent, no failures/);
    const monitoring = await fetch(`${baseUrl}/monitoring/ops`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(monitoring.status).toBe(200);
    // The committed customer model places the demo customers: the segments tab has both sides.
    await run.waitFor(/Demo customers valued: 500 in \d+ requests to \/customers\/value, no failures/);
    const segments = await fetch(`${baseUrl}/monitoring/segments?since=1h`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(segments.status).toBe(200);
    const tab = (await segments.json()) as {
      segments: { customers: number }[];
      cohorts: { cohorts: string[] };
      live: { customers: number; segments: { segment: string | null; customers: number }[] };
    };
    expect(tab.segments.reduce((n, s) => n + s.customers, 0)).toBe(20_000);
    expect(tab.cohorts.cohorts.length).toBeGreaterThan(0);
    expect(tab.live.customers).toBe(500);
    expect(tab.live.segments.filter((s) => s.segment !== null).length).toBeGreaterThanOrEqual(2);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const predictions = Number(run.output().match(/(\d+) predictions/)?.[1]);
    const db = new Database(join(dir, 'requests.sqlite'), { readonly: true });
    const logged = db
      .prepare(
        "SELECT count(*) AS n FROM requests WHERE endpoint IN ('/churn', '/session-value') AND status = 200",
      )
      .get() as { n: number };
    const outcomes = db.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number };
    db.close();
    expect(logged.n).toBe(predictions);
    expect(outcomes.n).toBe(predictions / 2);
  });

  it('refuses a bad flag with exit code 2 and the usage', async () => {
    const run = runStart(['--demo-sessions', 'many']);
    expect(await run.exited).toBe(2);
  });
});
