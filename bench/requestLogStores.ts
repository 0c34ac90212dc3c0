/**
 * bench:log-stores — request-log rows per second through the service's own writers, per store and
 * per number of writing processes, and the one-writer alternative for WORKERS=N:
 *   - sqlite ×1 / ×2: one or two processes, each with its own RequestLogWriter (writer thread, one
 *     transaction a batch) on ONE file: WAL plus busy timeout serialise their commits;
 *   - sqlite via primary: two processes hand their rows over IPC (structured clone) to one process
 *     that writes them with one writer — the "single writer" design for a cluster;
 *   - postgres ×1 / ×2 (with DATABASE_URL): PostgresRequestLogWriter, one pool per process.
 * Each variant writes the same number of rows (45-feature vectors, ~200 a batch as at 4,000 req/s)
 * as fast as the writers take them, and counts the rows in the database at the end.
 * Run: npx tsx bench/requestLogStores.ts [-- --rows 100000] [-- --out FILE]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { timeOrderedId } from '../src/api/timeOrderedId.ts';
import { openRequestLog, type RequestRow, sqliteRequestStore } from '../src/monitoring/requestLog/index.ts';
import { openPostgresStore } from '../src/monitoring/requestLog/postgres/index.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    role: { type: 'string' },
    target: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'Usage: npx tsx bench/requestLogStores.ts [-- --rows N] [-- --out FILE]   (PostgreSQL rows with DATABASE_URL)',
  );
  process.exit(0);
}
const rows = Number(values.rows);

function makeRow(i: number): RequestRow {
  const features = new Float64Array(45);
  for (let f = 0; f < 45; f++) features[f] = ((i * 2654435761 + f * 40503) % 100_000) / 997;
  return {
    tsMs: Date.now(),
    endpoint: '/churn',
    requestId: timeOrderedId(),
    clientSessionId: `web-${i % 5000}`,
    task: 'churn',
    modelVersion: '20261123T135241Z-87d75ff4',
    featureVersion: 'f1',
    features,
    prediction: (i % 1000) / 1000,
    decision: i % 3 ? 0 : 1,
    pageCount: 1 + (i % 12),
    latencyMs: 1.5,
    status: 200,
    errorReason: null,
  };
}

/** Write `count` rows through one store's writer, in bursts of 200 like a loaded service's flush. */
async function writeRows(target: string, count: number): Promise<void> {
  const store = target.startsWith('postgres')
    ? (await openPostgresStore(target, { flushIntervalMs: 50 })).store
    : sqliteRequestStore(openRequestLog(target, { busyTimeoutMs: 5_000 }).db, { flushIntervalMs: 50 });
  for (let i = 0; i < count; i++) {
    store.writer.write(makeRow(i));
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.close();
}

// --- child roles -------------------------------------------------------------------------------
if (values.role === 'writer') {
  await writeRows(values.target as string, rows);
  process.exit(0);
}
if (values.role === 'forwarder') {
  // A worker of the single-writer design: batches of rows to the primary over IPC.
  for (let start = 0; start < rows; start += 200) {
    const batch = Array.from({ length: Math.min(200, rows - start) }, (_, k) => makeRow(start + k));
    await new Promise<void>((resolve) => process.send?.(batch, () => resolve()));
  }
  process.exit(0);
}

// --- the parent: run every variant ---------------------------------------------------------------
const child = (role: string, target: string, count: number) =>
  fork(new URL(import.meta.url).pathname, ['--role', role, '--target', target, '--rows', String(count)], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
  });
const exited = (p: ReturnType<typeof fork>) =>
  new Promise<void>((resolve, reject) =>
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`)))),
  );

async function variant(label: string, target: string, processes: number, viaPrimary = false) {
  const startMs = performance.now();
  if (viaPrimary) {
    const store = sqliteRequestStore(openRequestLog(target).db, { flushIntervalMs: 50 });
    const children = Array.from({ length: processes }, () => child('forwarder', target, rows / processes));
    for (const c of children)
      c.on('message', (batch: RequestRow[]) => {
        for (const row of batch) store.writer.write(row);
      });
    await Promise.all(children.map(exited));
    await store.close();
  } else {
    await Promise.all(
      Array.from({ length: processes }, () => exited(child('writer', target, rows / processes))),
    );
  }
  const seconds = (performance.now() - startMs) / 1000;
  let counted: number;
  if (target.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    counted = Number((await client.query('SELECT COUNT(*) AS n FROM requests')).rows[0].n);
    await client.query('DROP TABLE requests, feedback, schema_migrations');
    await client.end();
  } else {
    const db = new Database(target, { readonly: true });
    counted = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
    db.close();
  }
  return { label, rowsPerS: rows / seconds, seconds, counted };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-log-stores-'));
try {
  const results = [
    await variant('SQLite, 1 process', join(dir, 'one.sqlite'), 1),
    await variant('SQLite, 2 processes on one file (WAL + busy timeout)', join(dir, 'two.sqlite'), 2),
    await variant(
      'SQLite, 2 processes → IPC → 1 writer (single writer)',
      join(dir, 'primary.sqlite'),
      2,
      true,
    ),
  ];
  const url = process.env.DATABASE_URL;
  if (url) {
    results.push(await variant('PostgreSQL, 1 process', url, 1));
    results.push(await variant('PostgreSQL, 2 processes', url, 2));
  }
  const report = [
    '# bench:log-stores',
    '',
    `Command: \`npx tsx bench/requestLogStores.ts --rows ${rows}\`${url ? ' with DATABASE_URL (scripts/with-postgres.sh: local PostgreSQL 15, fsync off)' : ''} — ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg()[0]?.toFixed(1)}.`,
    '',
    '| variant | rows/s | seconds | rows in the database |',
    '|---|---:|---:|---:|',
    ...results.map(
      (r) => `| ${r.label} | ${r.rowsPerS.toFixed(0)} | ${r.seconds.toFixed(2)} | ${r.counted} |`,
    ),
    '',
  ].join('\n');
  console.log(report);
  if (values.out) writeFileSync(values.out, report);
  process.exitCode = results.every((r) => r.counted === rows) ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
