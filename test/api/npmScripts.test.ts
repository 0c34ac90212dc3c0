import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyRegistry } from './helpers/tinyModels.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'hunter2-secret-from-the-environment';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'npm-scripts-'));
  writeTinyRegistry(join(dir, 'models'));
});
const groups: number[] = [];
afterAll(() => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone: every process of it exited.
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

interface NpmRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the output once it matches `pattern` (rejects if npm exits first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run <script> -- args` as a user types it; child.pid is npm's own process. */
function npmRun(script: string, args: string[], env: Record<string, string>): NpmRun {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, MODELS_DIR: join(dir, 'models'), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: afterAll can end whatever a failed test left behind, orphans included.
    detached: true,
  });
  if (child.pid) groups.push(child.pid);
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close': every holder of npm's stdout, the service included, has exited.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exited.then((e) =>
          reject(new Error(`npm exited (${JSON.stringify(e)}) before ${pattern}: ${output}`)),
        );
      }),
  };
}

/** True once nothing accepts connections on the port any more (the service itself stopped). */
async function portClosed(port: number, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => false,
      () => true,
    );
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('npm scripts as processes', () => {
  it.concurrent('SIGTERM to the PID of `npm run serve` stops the service itself', async () => {
    const run = npmRun('serve', [], { PORT: '0', HOST: '127.0.0.1', DB_PATH: join(dir, 'serve.sqlite') });
    const [, port] = await run.waitFor(/"port":(\d+),"host":"127\.0\.0\.1".*"msg":"listening"/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    await run.exited;
    expect(await portClosed(Number(port))).toBe(true);
    expect(run.output()).toMatch(/"msg":"stopped"/);
  });

  it.concurrent('`npm start` binds 127.0.0.1, never prints a token from the environment, and stops on SIGTERM to npm', async () => {
    const run = npmRun('start', ['--port', '0', '--demo-sessions', '0'], {
      ADMIN_TOKEN: TOKEN,
      DB_PATH: join(dir, 'start.sqlite'),
    });
    const [, port] = await run.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    await run.waitFor(/try {10}curl/);
    expect(run.output()).not.toContain('every interface');
    expect(run.output()).toContain('from ADMIN_TOKEN (not printed)');
    expect(run.output()).not.toContain(TOKEN);
    run.child.kill('SIGTERM');
    await run.exited;
    expect(await portClosed(Number(port))).toBe(true);
  });

  it.concurrent('SIGTERM to the PID of `npm run retrain -- --schedule` stops the schedule', async () => {
    const run = npmRun(
      'retrain',
      [
        '--schedule',
        '0 3 * * 0',
        '--skip-prepare',
        '--data',
        join(dir, 'data'),
        '--models',
        join(dir, 'models'),
      ],
      {},
    );
    await run.waitFor(/retrain scheduled "0 3 \* \* 0"/);
    run.child.kill('SIGTERM');
    await run.waitFor(/retrain schedule stopped/);
    await run.exited;
  });

  it.concurrent('a busy port is one line naming the port and how to choose another, exit 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = npmRun('serve', [], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DB_PATH: join(dir, 'busy.sqlite'),
        LOG_LEVEL: 'silent',
      });
      expect((await run.exited).code).toBe(1);
      expect(run.output().trim()).toBe(
        `serve: port ${port} on 127.0.0.1 is already in use: stop the other process or choose another with PORT=N (npm start -- --port N; 0 picks a free one).`,
      );
    } finally {
      blocker.close();
    }
  });

  it.concurrent('a DB_PATH that cannot be opened is one line with the path, exit 1', async () => {
    const folder = join(dir, 'a-folder.sqlite');
    mkdirSync(folder);
    const run = npmRun('serve', [], { PORT: '0', DB_PATH: folder, LOG_LEVEL: 'silent' });
    expect((await run.exited).code).toBe(1);
    expect(run.output().trim()).toBe(
      `serve: DB_PATH: cannot open the request log ${folder}: it is a folder; DB_PATH (or --db) must name a file, e.g. var/requests.sqlite.`,
    );
  });
});
