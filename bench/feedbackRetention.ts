/**
 * bench:feedback — does request-log maintenance stall serving? (issue 12, items 1 and 2)
 *
 * A log of 1M rows: 500k expired (40 days old) and 500k recent rows of ONE hot client session id.
 * The real server (`scripts/serve.ts`, the committed default models) starts on it; then, paced
 * open-loop /churn at 100 req/s (latency from each request's due time, see pacedLoad):
 *   1. right after listening, while retention deletes the 500k expired rows (writer thread, chunks);
 *   2. alone: the baseline of this run;
 *   3. while 4 clients post hot-session outcomes to /feedback at 5 req/s each.
 * Prints p50/p99 per phase and the ratios to the baseline. Goal: /churn p99 ≤ 10 ms in 1 and 3.
 *
 *   npm run bench:feedback [-- --rows 1000000 --seconds 10]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openRequestLog } from '../src/monitoring/requestLog/index.ts';
import { type PacedResult, pacedLoad } from './pacedLoad.ts';
import { benchSessionBody } from './serveFixtures.ts';

const DAY_MS = 86_400_000;
const FEEDBACK_TOKEN = 'bench-feedback-token-0123456789';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, seconds: { type: 'string', default: '10' } },
});
const totalRows = Number(values.rows);
const seconds = Number(values.seconds);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function buildLog(dbPath: string): void {
  const { db } = openRequestLog(dbPath);
  const insert = db.prepare(
    `INSERT INTO requests (ts_ms, endpoint, request_id, client_session_id, task, prediction, page_count, latency_ms, status)
     VALUES (?, '/churn', ?, ?, 'churn', 0.3, 1, 1.5, 200)`,
  );
  const now = Date.now();
  const expired = Math.floor(totalRows / 2);
  db.transaction(() => {
    for (let i = 0; i < totalRows; i++) {
      const old = i < expired;
      insert.run(
        old ? now - 40 * DAY_MS + i : now - 3_600_000 + (i - expired) / 1000,
        `r${i}`,
        old ? `s${i}` : 'hot',
      );
    }
  })();
  db.close();
}

/** Lines of the server's pino log, and a promise per message awaited. */
function watchLog(server: ChildProcess) {
  const seen: { msg: string; atMs: number; line: Record<string, unknown> }[] = [];
  let buffered = '';
  server.stdout?.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        seen.push({ msg: String(line.msg), atMs: performance.now(), line });
      } catch {}
    }
  });
  const waitFor = (msg: string) =>
    new Promise<(typeof seen)[number]>((resolve, reject) => {
      const timer = setInterval(() => {
        const hit = seen.find((s) => s.msg === msg);
        if (hit) {
          clearInterval(timer);
          resolve(hit);
        } else if (server.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`server exited (${server.exitCode}) before "${msg}"`));
        }
      }, 5);
    });
  return { waitFor };
}

async function feedbackClients(base: string, clients: number, perClientPerS: number, stop: Promise<void>) {
  let sent = 0;
  let failed = 0;
  const latenciesMs: number[] = [];
  const timers = Array.from({ length: clients }, () =>
    setInterval(async () => {
      const start = performance.now();
      const res = await fetch(`${base}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${FEEDBACK_TOKEN}` },
        body: JSON.stringify({ sessionId: 'hot', churned: false }),
      });
      await res.arrayBuffer();
      latenciesMs.push(performance.now() - start);
      sent++;
      if (res.status !== 201) failed++;
    }, 1000 / perClientPerS),
  );
  await stop;
  for (const timer of timers) clearInterval(timer);
  latenciesMs.sort((a, b) => a - b);
  return { sent, failed, p50Ms: latenciesMs[Math.floor(latenciesMs.length / 2)] ?? Number.NaN };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-feedback-'));
try {
  const dbPath = join(dir, 'requests.sqlite');
  const buildStart = performance.now();
  buildLog(dbPath);
  process.stderr.write(
    `log of ${totalRows} rows built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s\n`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const spawnedMs = performance.now();
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MODELS_DIR: 'models',
      DB_PATH: dbPath,
      LOG_LEVEL: 'info',
      WATCH_MODELS: 'false',
      RETENTION_DAYS: '30',
      FEEDBACK_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log = watchLog(server);
  try {
    const listening = await log.waitFor('listening');
    const body = JSON.stringify(benchSessionBody());
    const churn = (durationS: number) =>
      pacedLoad({ url: `${base}/churn`, body, ratePerS: 100, durationS, connections: 8 });
    const duringRetention = await churn(seconds);
    const retention = await log.waitFor('expired log rows deleted');
    await churn(2); // warm, after the retention run
    const baseline = await churn(seconds);
    let stopFeedback = () => {};
    const feedbackDone = feedbackClients(
      base,
      4,
      5,
      new Promise<void>((resolve) => {
        stopFeedback = resolve;
      }),
    );
    const withFeedback = await churn(seconds);
    stopFeedback();
    const feedback = await feedbackDone;

    const row = (name: string, r: PacedResult) =>
      `| ${name} | ${r.requestsPerS.toFixed(1)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${(r.p99Ms / baseline.p99Ms).toFixed(2)} | ${r.errors} |`;
    const deleted = retention.line as { requests?: number; feedback?: number };
    process.stdout.write(
      [
        `bench:feedback — ${totalRows.toLocaleString('en')} logged rows (half expired, half one hot session id), paced POST /churn at 100 req/s for ${seconds} s per phase`,
        '',
        `server listening ${(listening.atMs - spawnedMs).toFixed(0)} ms after spawn (retention runs after it); ` +
          `retention deleted ${deleted.requests ?? '?'} requests + ${deleted.feedback ?? '?'} feedback rows, done ${((retention.atMs - listening.atMs) / 1000).toFixed(1)} s after listening`,
        `feedback: ${feedback.sent} outcomes of the hot session (4 clients × 5 req/s), ${feedback.failed} failed, p50 ${feedback.p50Ms.toFixed(1)} ms`,
        '',
        '| /churn phase | req/s | p50 ms | p99 ms | p99 / baseline | errors |',
        '|---|---:|---:|---:|---:|---:|',
        row('while retention deletes the expired half', duringRetention),
        row('alone (baseline)', baseline),
        row('while hot-session feedback arrives', withFeedback),
        '',
        `goal p99 ≤ 10 ms: during retention ${duringRetention.p99Ms <= 10 ? 'met' : 'NOT met'}, with feedback ${withFeedback.p99Ms <= 10 ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
