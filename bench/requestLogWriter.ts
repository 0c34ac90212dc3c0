/**
 * bench:log-writer — CPU and wall time per row of the request-log commit path alone (RowCommitter
 * → forEachRowValues → featuresJson, the code the writer thread runs), on realistic
 * rows: simulator feature vectors, UUIDv7 request ids, ~200 rows a commit (50 ms at ~4,000 req/s).
 * Compares request-log files of two page sizes, alternating commit by commit in one process, for
 * two kinds of traffic: one client session id (what bench:serve posts) and a distinct session id
 * per row (production-like: the session index then takes each row at a random place).
 * Writes bench/results/requestLogWriter.md. Run: npx tsx bench/requestLogWriter.ts [-- --rows 60000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { timeOrderedId } from '../src/api/timeOrderedId.ts';
import { simulateSessions } from '../src/data/simulator/index.ts';
import { FEATURE_VERSION, sessionFeatures } from '../src/features/index.ts';
import { featuresJson, openRequestLog, type RequestRow } from '../src/monitoring/requestLog/index.ts';
import { RowBatch } from '../src/monitoring/requestLog/rowBatch.ts';
import { RowCommitter } from '../src/monitoring/requestLog/rowCommitter.ts';
import { type PageRecord, sessionBodyFromPages, toObservedSession } from '../src/session/index.ts';

const HELP = `Usage: npx tsx bench/requestLogWriter.ts [-- --rows N] [-- --batch N] [-- --pages A,B]

  --rows    rows committed per variant and traffic kind (default 60000; the first 10 % warm up)
  --batch   rows per commit (default 200)
  --pages   the two page sizes compared, before,after (default 4096,16384)
`;
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '60000' },
    batch: { type: 'string', default: '200' },
    pages: { type: 'string', default: '4096,16384' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rowCount = Number(values.rows);
const batchRows = Number(values.batch);
const pageSizes = values.pages.split(',').map(Number);
if (!(rowCount >= 1_000 && batchRows >= 1 && pageSizes.length === 2)) {
  console.error(`Give --rows ≥ 1000, --batch ≥ 1 and two page sizes.\n\n${HELP}`);
  process.exit(2);
}

/** Feature vectors of every observed prefix of simulated sessions: real value mixes and lengths. */
function simulatedVectors(count: number): Float64Array[] {
  const vectors: Float64Array[] = [];
  let pages: PageRecord[] = [];
  let current = -1;
  for (const { record, sessionIndex } of simulateSessions({ sessions: 10_000, seed: 3 })) {
    if (sessionIndex !== current) {
      pages = [];
      current = sessionIndex;
    }
    pages.push(record);
    const session = toObservedSession(sessionBodyFromPages(`s${sessionIndex}`, pages));
    vectors.push(sessionFeatures(session).slice());
    if (vectors.length === count) break;
  }
  return vectors;
}

const vectors = simulatedVectors(2_000);
const startMs = Date.UTC(2026, 10, 23, 12);
/** Row i of a stream at ~4,000 req/s; `sessions` picks one client session id or one per row. */
function row(i: number, sessions: 'one' | 'distinct'): RequestRow {
  const tsMs = startMs + Math.floor(i / 4);
  return {
    tsMs,
    endpoint: '/churn',
    requestId: timeOrderedId(tsMs),
    clientSessionId: sessions === 'one' ? 'bench-7' : `web-${((i * 2_654_435_761) >>> 0).toString(16)}`,
    task: 'churn',
    modelVersion: '20261123T083000Z-1a2b3c4d',
    featureVersion: FEATURE_VERSION,
    features: vectors[i % vectors.length],
    prediction: (i % 997) / 997,
    decision: (i % 3 === 0 ? 1 : 0) as 0 | 1,
    pageCount: 1 + (i % 9),
    latencyMs: 1 + (i % 100) / 37,
    status: 200,
    errorReason: null,
  };
}

interface Measured {
  cpuUs: number;
  wallUs: number;
  rows: number;
}

/** Commit the same batches into one fresh file per page size, alternating; µs per measured row. */
function compare(sessions: 'one' | 'distinct'): Measured[] {
  const dir = mkdtempSync(join(tmpdir(), 'log-writer-bench-'));
  try {
    const targets = pageSizes.map((pageSizeBytes, k) => {
      const { db } = openRequestLog(join(dir, `requests-${k}.sqlite`), { pageSizeBytes });
      const actual = db.pragma('page_size', { simple: true });
      if (actual !== pageSizeBytes) throw new Error(`page_size is ${actual}, wanted ${pageSizeBytes}`);
      const committer = new RowCommitter(db, Number.POSITIVE_INFINITY);
      return { db, committer, measured: { cpuUs: 0, wallUs: 0, rows: 0 } };
    });
    const warmUpRows = Math.floor(rowCount / 10);
    for (let first = 0; first < rowCount; first += batchRows) {
      const size = Math.min(batchRows, rowCount - first);
      const batches = targets.map(() => {
        const batch = new RowBatch();
        for (let i = 0; i < size; i++) batch.append(row(first + i, sessions));
        return batch.take();
      });
      // Alternate which file goes first, so neither always commits into a warmer cache.
      const order = (first / batchRows) % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) {
        const target = targets[k];
        target.committer.add(batches[k]);
        const cpuBefore = process.cpuUsage();
        const wallBefore = performance.now();
        const status = target.committer.commit();
        const wallMs = performance.now() - wallBefore;
        const cpu = process.cpuUsage(cpuBefore);
        if (status.failed) throw new Error(`commit failed: ${status.lastError}`);
        if (first < warmUpRows) continue;
        target.measured.cpuUs += cpu.user + cpu.system;
        target.measured.wallUs += wallMs * 1_000;
        target.measured.rows += size;
      }
    }
    for (const { db } of targets) {
      const stored = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
      if (stored !== rowCount) throw new Error(`stored ${stored} rows, committed ${rowCount}`);
      db.close();
    }
    return targets.map((t) => t.measured);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** featuresJson alone over the same vectors, for scale. */
function featuresJsonUs(): number {
  const rounds = 100_000;
  let length = 0;
  const before = performance.now();
  for (let i = 0; i < rounds; i++) length += featuresJson(vectors[i % vectors.length]).length;
  if (length === 0) throw new Error('unreachable');
  return ((performance.now() - before) * 1_000) / rounds;
}

const perRow = (value: number, rows: number) => (value / rows).toFixed(1);
const lines: string[] = ['| traffic | page size | CPU µs/row | wall µs/row |', '|---|---:|---:|---:|'];
for (const sessions of ['one', 'distinct'] as const) {
  const results = compare(sessions);
  results.forEach((m, k) => {
    const label = sessions === 'one' ? 'one client session (as bench:serve)' : 'a distinct session per row';
    lines.push(`| ${label} | ${pageSizes[k]} | ${perRow(m.cpuUs, m.rows)} | ${perRow(m.wallUs, m.rows)} |`);
  });
}
const header = [
  '# Request-log commit path (bench/requestLogWriter.ts)',
  '',
  `Command: \`npx tsx bench/requestLogWriter.ts --rows ${rowCount} --batch ${batchRows} --pages ${pageSizes}\` — ` +
    `${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
    `load average at the end ${loadavg()[0].toFixed(1)}.`,
  `Rows: ${batchRows} a commit (one transaction, as the writer thread), 45-number simulator feature vectors, ` +
    'UUIDv7 request ids, WAL with synchronous=NORMAL; each file fresh, the first 10 % of rows not measured. ' +
    'CPU is the process CPU time during the commits (the benchmark has one thread).',
  `featuresJson alone: ${featuresJsonUs().toFixed(1)} µs a vector.`,
  '',
];
const report = [...header, ...lines, ''].join('\n');
console.log(report);
writeFileSync(join(import.meta.dirname, 'results', 'requestLogWriter.md'), report);
