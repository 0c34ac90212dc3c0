/**
 * bench:feedback — does request-log maintenance stall serving? (issue 12, items 1 and 2)
 *
 * A log of 1M rows: 500k expired (40 days old) and 500k recent rows of ONE hot client session id.
 * The real server (`scripts/serve.ts`, the committed default models) starts on it; then, paced
 * open-loop /churn at 100 req/s (latency from each request's due time, see pacedLoad):
 *   1. right after listening, while retention deletes the 500k expired rows (writer thread, chunks);
 *   2. alone: the baseline of this run;
 *   3. while the same 4 clients post with a wrong token (401): the control, their HTTP cost alone;
 *   4. while 4 clients post hot-session outcomes to /feedback at 5 req/s each;
 * 2, 3 and 4 alternate for `--rounds` rounds (medians by p99). Prints p50/p99 per phase and the ratios
 * to the baseline. Goal: /churn p99 ≤ 10 ms in 1 and 3.
 *
 *   npm run bench:feedback [-- --rows 1000000 --seconds 10]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openRequestLog } from '../src/monitoring/requestLog/index.ts';
import { type PacedResult, pacedLoad } from './pacedLoad.ts';
import { benchSessionBody } from './serveFixtures.ts';

const DAY_MS = 86_400_000;
const FEEDBACK_TOKEN = 'bench-feedback-token-0123456789';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
const totalRows = Number(values.rows);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

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

/**
 * The feedback clients run in their own process, so their requests cost the paced /churn client
 * nothing: every millisecond measured is the server's.
 */
const FEEDBACK_CLIENTS_SOURCE = `
const { BASE, TOKEN, CLIENTS, PER_S, EXPECT } = process.env;
let sent = 0, failed = 0;
const latencies = [];
const timers = Array.from({ length: Number(CLIENTS) }, () => setInterval(async () => {
  const start = performance.now();
  try {
    const res = await fetch(BASE + '/feedback', { method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + TOKEN },
      body: JSON.stringify({ sessionId: 'hot', churned: false }) });
    await res.arrayBuffer();
    if (res.status !== Number(EXPECT)) failed++;
  } catch { failed++; }
  latencies.push(performance.now() - start);
  sent++;
}, 1000 / Number(PER_S)));
process.once('SIGTERM', () => {
  for (const t of timers) clearInterval(t);
  latencies.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ sent, failed, p50Ms: latencies[Math.floor(latencies.length / 2)] ?? null }));
  process.exit(0);
});
`;

async function feedbackClients(
  base: string,
  token: string,
  stop: Promise<void>,
  { clients = 4, perClientPerS = 5 } = {},
) {
  const child = spawn(process.execPath, ['-e', FEEDBACK_CLIENTS_SOURCE], {
    env: {
      ...process.env,
      BASE: base,
      TOKEN: token,
      EXPECT: token === FEEDBACK_TOKEN ? '201' : '401',
      CLIENTS: String(clients),
      PER_S: String(perClientPerS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  await stop;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as { sent: number; failed: number; p50Ms: number };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-feedback-'));
try {
  const dbPath = join(dir, 'requests.sqlite');
  const buildStart = performance.now();
  buildLog(dbPath);
  process.stderr.write(
    `log of ${totalRows} rows built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s\n`,
  );
  const body = JSON.stringify(benchSessionBody());
  /** Start the real server on the log; RETENTION_DAYS decides whether the expired half goes. */
  const startServer = async (retentionDays: number) => {
    const port = await freePort();
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
        RETENTION_DAYS: String(retentionDays),
        FEEDBACK_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const log = watchLog(server);
    const listening = await log.waitFor('listening');
    const base = `http://127.0.0.1:${port}`;
    const stop = async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    };
    return { server, log, base, listening, listenMs: listening.atMs - spawnedMs, stop };
  };
  const churnAt = (base: string, durationS: number) =>
    pacedLoad({ url: `${base}/churn`, body, ratePerS: 100, durationS, connections: 8 });

  // Control start: the same log and the same cold server, but nothing expires (RETENTION_DAYS=3650).
  const cold = await startServer(3650);
  const coldStart = await churnAt(cold.base, seconds);
  await cold.log.waitFor('expired log rows deleted');
  await cold.stop();

  const { server, log, base, listening, listenMs } = await startServer(30);
  const churn = (durationS: number) => churnAt(base, durationS);
  try {
    const duringRetention = await churn(seconds);
    const retention = await log.waitFor('expired log rows deleted');
    await churn(2); // warm, after the retention run
    // Baseline and feedback phases alternate (the machine is shared: a load change hits both alike);
    // the medians of the rounds are reported.
    const baselines: PacedResult[] = [];
    const controls: PacedResult[] = [];
    const withFeedbacks: PacedResult[] = [];
    let feedback = { sent: 0, failed: 0, p50Ms: Number.NaN };
    const whileClientsPost = async (token: string) => {
      let stop = () => {};
      const clients = feedbackClients(
        base,
        token,
        new Promise<void>((resolve) => {
          stop = resolve;
        }),
      );
      const result = await churn(seconds);
      stop();
      return { result, clients: await clients };
    };
    for (let round = 0; round < rounds; round++) {
      baselines.push(await churn(seconds));
      // Control: the same clients with a wrong token (401): the HTTP cost of their requests, no work.
      controls.push((await whileClientsPost('wrong-token-0123456789abcdef')).result);
      const real = await whileClientsPost(FEEDBACK_TOKEN);
      withFeedbacks.push(real.result);
      feedback = {
        sent: feedback.sent + real.clients.sent,
        failed: feedback.failed + real.clients.failed,
        p50Ms: real.clients.p50Ms,
      };
    }
    const median = (runs: PacedResult[]): PacedResult => {
      const byP99 = [...runs].sort((a, b) => a.p99Ms - b.p99Ms);
      return byP99[Math.floor(byP99.length / 2)];
    };
    const baseline = median(baselines);
    const withFeedback = median(withFeedbacks);
    const control = median(controls);
    const row = (name: string, r: PacedResult) =>
      `| ${name} | ${r.requestsPerS.toFixed(1)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${(r.p99Ms / baseline.p99Ms).toFixed(2)} | ${r.errors} |`;
    const deleted = retention.line as { requests?: number; feedback?: number };
    process.stdout.write(
      [
        `bench:feedback — ${totalRows.toLocaleString('en')} logged rows (half expired, half one hot session id), paced POST /churn at 100 req/s for ${seconds} s per phase`,
        '',
        `server listening ${listenMs.toFixed(0)} ms after spawn (retention runs after it; before the fix it deleted first: 14.5 s for 491k rows); ` +
          `retention deleted ${deleted.requests ?? '?'} requests + ${deleted.feedback ?? '?'} feedback rows, done ${((retention.atMs - listening.atMs) / 1000).toFixed(1)} s after listening`,
        `feedback: ${feedback.sent} outcomes of the hot session (4 clients × 5 req/s), ${feedback.failed} failed, p50 ${feedback.p50Ms.toFixed(1)} ms`,
        `rounds: ${rounds} alternating baseline / feedback phases; p99 per round: baseline ${baselines.map((r) => r.p99Ms.toFixed(1)).join(', ')}; control ${controls.map((r) => r.p99Ms.toFixed(1)).join(', ')}; with feedback ${withFeedbacks.map((r) => r.p99Ms.toFixed(1)).join(', ')} (load average ${loadavg()[0].toFixed(1)})`,
        '',
        '| /churn phase | req/s | p50 ms | p99 ms | p99 / baseline | errors |',
        '|---|---:|---:|---:|---:|---:|',
        row('first seconds after start, nothing to delete (control)', coldStart),
        row('first seconds after start, while retention deletes the expired half', duringRetention),
        row(`alone (baseline), median of ${rounds}`, baseline),
        row(`while the same clients are refused (401, HTTP cost only), median of ${rounds}`, control),
        row(`while hot-session feedback arrives, median of ${rounds}`, withFeedback),
        '',
        `goal p99 ≤ 10 ms with feedback: ${withFeedback.p99Ms <= 10 ? 'met' : 'NOT met'}; retention vs the cold-start control: p99 ${(duringRetention.p99Ms / coldStart.p99Ms).toFixed(2)}×`,
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
