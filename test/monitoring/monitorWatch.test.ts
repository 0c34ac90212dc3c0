import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertKey, nextAlerts, type OpenAlert } from '../../src/monitoring/alerts/index.ts';
import { runMonitorWatch } from '../../src/monitoring/cli/watchCommand.ts';
import { writeTinyRegistry } from '../api/helpers/tinyModels.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A Slack-style receiver on a loopback port: records every JSON body, answers `status`. */
class Receiver {
  readonly bodies: { text: string }[] = [];
  status = 200;
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toBe('application/json');
      if (this.status === 200) this.bodies.push(JSON.parse(body));
      res.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.status === 200 ? 'ok' : 'no');
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/T000/B000`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  async waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    const start = Date.now();
    while (this.bodies.length < count) {
      if (Date.now() - start > timeoutMs)
        throw new Error(`receiver got ${this.bodies.length} of ${count} posts`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let log: ReturnType<typeof createTempRequestLog>;
let modelsDir: string;
let configPath: string;
let receiver: Receiver;
let webhook: string;

/** A quarter of the window's /churn requests failing, then enough successes to clear it. */
function serverErrors(count: number): void {
  insertRequests(
    log.db,
    Array.from({ length: count }, () => ({
      tsMs: Date.now() - 1000,
      status: 500,
      errorReason: 'internal-error',
    })),
  );
}
function successes(count: number): void {
  insertRequests(
    log.db,
    Array.from({ length: count }, () => ({ tsMs: Date.now() - 1000 })),
  );
}

async function watchOnce(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runMonitorWatch(
    ['--once', '--db', log.path, '--models', modelsDir, '--config', configPath, ...args],
    { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {} },
  );
  return { code, stdout, stderr };
}

beforeAll(async () => {
  log = createTempRequestLog();
  modelsDir = join(log.dir, 'models');
  writeTinyRegistry(modelsDir);
  configPath = join(log.dir, 'monitoring.json');
  // Small windows: an alert from 10 logged requests, at 20 % server errors.
  writeFileSync(configPath, JSON.stringify({ minWindowRows: 10, maxServerErrorShare: 0.2 }));
});
afterAll(() => log.cleanup());
beforeAll(async () => {
  receiver = new Receiver();
  webhook = await receiver.start();
});
afterAll(() => receiver.close());
afterEach(() => {
  log.db.exec('DELETE FROM requests');
  receiver.bodies.length = 0;
  receiver.status = 200;
});

describe('which crossing is which', () => {
  it('keys a crossing by its report and message without the measured numbers, keeping version names', () => {
    expect(
      alertKey({
        kind: 'ops',
        message: '/churn (20261123T080000Z-0c0c0c0c): p99 latency 151.2 ms ≥ 100 ms.',
      }),
    ).toBe('ops|/churn (20261123T080000Z-0c0c0c0c): p99 latency # ms ≥ # ms.');
    expect(alertKey({ kind: 'ops', message: '/churn (v1): 25.00 % server errors (5 of 20).' })).toBe(
      alertKey({ kind: 'ops', message: '/churn (v1): 31.25 % server errors (10 of 32).' }),
    );
    expect(alertKey({ kind: 'drift', message: 'churn v1: features drift: ageLevel.' })).not.toBe(
      alertKey({ kind: 'drift', message: 'churn v1: features drift: ageLevel, gender.' }),
    );
  });

  it('announces a crossing once, its clearing once, and retries what was not delivered', () => {
    const a = { kind: 'ops', message: '/churn (v1): 25.00 % server errors (5 of 20).' };
    const first = nextAlerts(new Map(), [a], 1000);
    expect(first.transitions.map((t) => t.change)).toEqual(['crossed']);
    // Not delivered: still to post at the next check, with its first time kept.
    const retried = nextAlerts(first.open, [{ ...a, message: a.message.replace('25.00', '30.00') }], 2000);
    expect(retried.transitions).toHaveLength(1);
    expect(retried.transitions[0]?.alert.sinceMs).toBe(1000);
    const posted = new Map<string, OpenAlert>(
      [...retried.open].map(([key, alert]) => [key, { ...alert, posted: true }]),
    );
    expect(nextAlerts(posted, [a], 3000).transitions).toEqual([]);
    const cleared = nextAlerts(posted, [], 4000);
    expect(cleared.transitions.map((t) => [t.change, t.alert.message])).toEqual([
      ['cleared', '/churn (v1): 30.00 % server errors (5 of 20).'],
    ]);
    // Never posted and gone: nothing to say.
    expect(nextAlerts(first.open, [], 5000).transitions).toEqual([]);
  });
});

describe('npm run monitor -- watch --once --state FILE (the CronJob form)', () => {
  it('posts a crossing once as Slack-style JSON, nothing while it lasts, and once when it clears', async () => {
    const state = join(log.dir, 'state-once.json');
    serverErrors(5);
    successes(15);
    expect((await watchOnce(['--webhook', webhook, '--state', state])).code).toBe(0);
    expect(receiver.bodies).toHaveLength(1);
    expect(Object.keys(receiver.bodies[0] ?? {})).toEqual(['text']);
    expect(receiver.bodies[0]?.text).toMatch(
      /^:rotating_light: \*retention-service · ops\*: \/churn \(v1\): 25\.00 % server errors \(5 of 20\)\.$/,
    );

    serverErrors(5); // 10 of 25 now: the same crossing with other figures
    expect((await watchOnce(['--webhook', webhook, '--state', state])).code).toBe(0);
    expect(receiver.bodies).toHaveLength(1);
    expect(JSON.parse(readFileSync(state, 'utf8')).open).toHaveLength(1);

    successes(100);
    const cleared = await watchOnce(['--webhook', webhook, '--state', state]);
    expect(cleared.code).toBe(0);
    expect(receiver.bodies).toHaveLength(2);
    expect(receiver.bodies[1]?.text).toMatch(
      /^:white_check_mark: \*retention-service · ops\*: cleared after \d+ min: \/churn \(v1\): 40\.00 % server errors \(10 of 25\)\.$/,
    );
    expect(cleared.stdout).toMatch(/^CLEARED ops: /m);
    expect(JSON.parse(readFileSync(state, 'utf8')).open).toEqual([]);
  });

  it('exits 1 when the receiver refuses a post and delivers it at the next check', async () => {
    const state = join(log.dir, 'state-refused.json');
    serverErrors(10);
    receiver.status = 503;
    const refused = await watchOnce(['--webhook', webhook, '--state', state]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/webhook at 127\.0\.0\.1:\d+ answered 503; retrying at the next check/);
    expect(refused.stderr).not.toContain('/hooks/T000'); // the URL is a secret
    receiver.status = 200;
    expect((await watchOnce(['--webhook', webhook, '--state', state])).code).toBe(0);
    expect(receiver.bodies.map((b) => b.text.split(':')[1])).toEqual(['rotating_light']);
  });

  it('posts a check that cannot run as a "watch" crossing, and its clearing', async () => {
    const state = join(log.dir, 'state-failed.json');
    const missing = await runMonitorWatch(
      [
        '--once',
        '--db',
        join(log.dir, 'gone.sqlite'),
        '--models',
        modelsDir,
        '--webhook',
        webhook,
        '--state',
        state,
      ],
      { stdout: () => {}, stderr: () => {}, env: {} },
    );
    expect(missing).toBe(1);
    expect(receiver.bodies[0]?.text).toContain(
      '*retention-service · watch*: the monitoring check failed: request log',
    );
    expect((await watchOnce(['--webhook', webhook, '--state', state])).code).toBe(0);
    expect(receiver.bodies[1]?.text).toMatch(/^:white_check_mark: .*watch/);
  });

  it('refuses bad usage with exit 2 and a one-line reason', async () => {
    const usage = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      let stderr = '';
      const code = await runMonitorWatch(args, { stdout: () => {}, stderr: (t) => (stderr += t), env });
      return { code, stderr };
    };
    expect(await usage([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--schedule') });
    expect(await usage(['--once', '--schedule', '* * * * *'])).toMatchObject({ code: 2 });
    expect(await usage(['--once', '--webhook', 'ftp://x'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--webhook must be an http:// or https:// URL'),
    });
    expect(await usage(['--once'], { ALERT_WEBHOOK_URL: 'not a url' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ALERT_WEBHOOK_URL is not a URL'),
    });
    expect(
      await usage(['--schedule', 'every minute', '--db', log.path, '--models', modelsDir]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is not a valid cron expression'),
    });
    expect(await usage(['--help'])).toMatchObject({ code: 0 });
  });
});

describe('npm run monitor -- watch --schedule CRON (the long-running form)', () => {
  it('checks on the schedule, posts the crossing once and its clearing once, and stops on SIGTERM', async () => {
    serverErrors(10);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/monitor.ts',
        'watch',
        '--schedule',
        '* * * * * *',
        '--webhook',
        webhook,
        '--db',
        log.path,
        '--models',
        modelsDir,
        '--config',
        configPath,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await receiver.waitFor(1);
      expect(receiver.bodies[0]?.text).toContain('100.00 % server errors (10 of 10)');
      // Several scheduled checks later the crossing has not been posted again.
      const checksBefore = stderr.match(/checked at/g)?.length ?? 0;
      while ((stderr.match(/checked at/g)?.length ?? 0) < checksBefore + 2)
        await new Promise((r) => setTimeout(r, 100));
      expect(receiver.bodies).toHaveLength(1);
      successes(100);
      await receiver.waitFor(2);
      expect(receiver.bodies[1]?.text).toMatch(/^:white_check_mark: .*cleared after 0 min/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(receiver.bodies).toHaveLength(2);
    expect(stderr).toContain('SIGTERM, stopping after the check in progress');
  }, 30_000);
});
