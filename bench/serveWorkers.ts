/**
 * The scaling section of bench:serve: POST /churn on the real server with WORKERS=1 and WORKERS=2
 * (Node's cluster), alternating over rounds. Throughput and latency come from wrk when it is
 * installed (C: a fraction of autocannon's CPU per request, which matters when the client shares
 * the server's two cores; autocannon alone tops out near 5,000 req/s here), else from autocannon.
 * Then a fixed number of requests (autocannon's `amount`: each one answered before it counts)
 * checks that the rows logged meanwhile equal the answers, exactly.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { freePort, waitHealthy } from './benchServer.ts';
import { benchSessionBody } from './serveFixtures.ts';

interface WorkersRun {
  workers: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  answered: number;
  loggedRows: number;
  errors: number;
  rssMb: number;
}

/** RSS of a process and its children (the primary and its workers), MB. */
function treeRssMb(pid: number): number {
  const out = execFileSync('ps', ['-o', 'rss=', '--ppid', String(pid), '-p', String(pid)], {
    encoding: 'utf8',
  });
  return out.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024;
}

const HAVE_WRK = spawnSync('wrk', ['--version']).error === undefined;

/** `wrk -t1`: req/s and latency percentiles of POST `body` for `seconds`. */
function wrkRun(url: string, body: string, connections: number, seconds: number, dir: string) {
  const script = join(dir, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`,
  );
  const out = execFileSync(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url],
    {
      encoding: 'utf8',
    },
  );
  const ms = (label: string) => {
    const m = out.match(new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`));
    if (!m) throw new Error(`wrk output without the ${label} % latency:\n${out}`);
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  const errors = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  return {
    requestsPerS: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]),
    p50Ms: ms('50'),
    p99Ms: ms('99'),
    errors,
  };
}

async function autocannonRun(post: autocannon.Options, seconds: number) {
  const result = await autocannon({ ...post, duration: seconds });
  return {
    requestsPerS: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function oneRun(
  workers: number,
  modelsDir: string,
  connections: number,
  amount: number,
  durationS: number,
): Promise<WorkersRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-workers-'));
  const dbPath = join(dir, 'requests.sqlite');
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      WORKERS: String(workers),
      PORT: String(port),
      HOST: '127.0.0.1',
      MODELS_DIR: modelsDir,
      DB_PATH: dbPath,
      LOG_LEVEL: 'warn',
      WATCH_MODELS: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}/churn`;
    await waitHealthy(`http://127.0.0.1:${port}/readyz`, server);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // every worker listening
    const post = {
      url,
      connections,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(benchSessionBody()),
    };
    const countRows = () => {
      const db = new Database(dbPath, { readonly: true });
      const { n } = db
        .prepare("SELECT COUNT(*) AS n FROM requests WHERE endpoint = '/churn' AND status = 200")
        .get() as { n: number };
      db.close();
      return n;
    };
    await autocannon({ ...post, amount: Math.round(amount / 3) }); // warm-up
    const rssMb = treeRssMb(server.pid as number);
    const load = HAVE_WRK
      ? wrkRun(url, post.body, connections, durationS, dir)
      : await autocannonRun(post, durationS);
    // Rows = answers: a fixed number of requests once the load's rows are committed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rowsBefore = countRows();
    const checked = await autocannon({ ...post, amount });
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    const loggedRows = countRows() - rowsBefore;
    return {
      workers,
      ...load,
      answered: checked['2xx'],
      loggedRows,
      errors: load.errors + checked.errors + checked.timeouts + checked.non2xx,
      rssMb,
    };
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * WORKERS=1 and WORKERS=2 alternating over `rounds`: medians of req/s, p50, p99 and RSS, the
 * ratio, and whether every answer was logged. Returns markdown lines and whether all checks held.
 *
 * @example
 * const { lines, ok } = await workersScaling({ modelsDir: 'models', rounds: 3, connections: 32 });
 */
export async function workersScaling({
  modelsDir,
  rounds,
  connections,
  amount = 5_000,
  durationS = 10,
}: {
  modelsDir: string;
  rounds: number;
  connections: number;
  amount?: number;
  durationS?: number;
}): Promise<{ lines: string[]; ok: boolean }> {
  const runs: WorkersRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const workers of round % 2 ? [2, 1] : [1, 2])
      runs.push(await oneRun(workers, modelsDir, connections, amount, durationS));
  }
  const of = (workers: number) => runs.filter((r) => r.workers === workers);
  const summary = [1, 2].map((workers) => ({
    workers,
    requestsPerS: median(of(workers).map((r) => r.requestsPerS)),
    p50Ms: median(of(workers).map((r) => r.p50Ms)),
    p99Ms: median(of(workers).map((r) => r.p99Ms)),
    rssMb: median(of(workers).map((r) => r.rssMb)),
  }));
  const ratio = (summary[1]?.requestsPerS ?? 0) / (summary[0]?.requestsPerS ?? 1);
  const roundRatios = Array.from({ length: rounds }, (_, round) => {
    const [a, b] = runs.slice(2 * round, 2 * round + 2);
    const one = a?.workers === 1 ? a : b;
    const two = a?.workers === 2 ? a : b;
    return (two?.requestsPerS ?? 0) / (one?.requestsPerS ?? 1);
  });
  const allLogged = runs.every((r) => r.loggedRows === r.answered);
  const errors = runs.reduce((sum, r) => sum + r.errors, 0);
  return {
    ok: allLogged && errors === 0,
    lines: [
      '## All cores: POST /churn with WORKERS=1 and WORKERS=2',
      '',
      `${rounds} rounds alternating, ${durationS} s of load a run by ${HAVE_WRK ? '`wrk -t1` (C)' : 'autocannon (wrk not installed)'} after a warm-up, ${connections} connections, then ${amount} counted requests for the rows = answers check; ${cpus().length} cores shared by client and server; load average at the end ${loadavg()[0]?.toFixed(1)}. Request log: SQLite, each worker its own writer thread (WAL, busy timeout).`,
      '',
      '| workers | req/s (median) | p50 ms | p99 ms | RSS MB (all processes) | runs req/s |',
      '|---:|---:|---:|---:|---:|---|',
      ...summary.map(
        (s) =>
          `| ${s.workers} | ${s.requestsPerS.toFixed(0)} | ${s.p50Ms.toFixed(2)} | ${s.p99Ms.toFixed(2)} | ${s.rssMb.toFixed(0)} | ${of(
            s.workers,
          )
            .map((r) => r.requestsPerS.toFixed(0))
            .join(', ')} |`,
      ),
      '',
      `- 2 workers over 1: **${ratio.toFixed(2)}×** req/s (medians); round by round (the two runs of a round back to back): ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}.`,
      `- Logged /churn rows = answers in every run: **${allLogged ? 'yes' : 'NO'}** (${runs.map((r) => `${r.loggedRows}/${r.answered}`).join(', ')}); errors ${errors}.`,
      '',
    ],
  };
}
