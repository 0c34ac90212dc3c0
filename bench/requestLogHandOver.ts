/**
 * bench:log-handover — what the request log costs the event loop per row: `write` plus the hand-over
 * of each batch to a writer thread, for three designs, alternating round by round in one process:
 *   - clone, v1 rows: the row objects of schema v1 posted as a structured clone (the design before
 *     schema v2: RequestLogWriter queued the objects and posted the array);
 *   - clone, v2 rows: the same with what schema v2 logs besides (survival view, interval, P(alive)…);
 *   - encoded, v2 rows: RowBatch (the writer's design now): every number of a row into one
 *     Float64Array, transferred without a copy, and a flat array of strings.
 * The receiving thread only takes the message (deserialises it) and counts the rows, so "event loop"
 * is the sending thread's time and "CPU" is the whole process (both threads) until every row arrived.
 * Then the real RequestLogWriter (encoded hand-over, its writer thread committing to a temp file).
 * Rows: 45-number simulator feature vectors, UUIDv7 ids, half /churn (survival), half
 * /session-value (interval), 200 a hand-over (50 ms at 4,000 req/s).
 * Run: npm run bench:log-handover [-- --rows 200000 --rounds 7]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MessageChannel, Worker } from 'node:worker_threads';
import { timeOrderedId } from '../src/api/timeOrderedId.ts';
import { simulateSessions } from '../src/data/simulator/index.ts';
import { FEATURE_VERSION, sessionFeatures } from '../src/features/index.ts';
import { openRequestLog, RequestLogWriter, type RequestRow } from '../src/monitoring/requestLog/index.ts';
import { RowBatch } from '../src/monitoring/requestLog/rowBatch.ts';
import { type PageRecord, sessionBodyFromPages, toObservedSession } from '../src/session/index.ts';

const HELP = `Usage: npm run bench:log-handover [-- --rows N] [-- --rounds N] [-- --batch N]

  --rows    rows per design and round (default 100000)
  --rounds  rounds, the designs alternating within each (default 7; medians reported)
  --batch   rows per hand-over (default 200)
`;
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    batch: { type: 'string', default: '200' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rowCount = Number(values.rows);
const rounds = Number(values.rounds);
const batchRows = Number(values.batch);
if (!(Number.isInteger(rowCount) && rowCount >= 1_000 && rounds >= 1 && batchRows >= 1)) {
  console.error(`Give --rows ≥ 1000, --rounds ≥ 1 and --batch ≥ 1.\n\n${HELP}`);
  process.exit(2);
}

/** Feature vectors of every observed prefix of simulated sessions: real value mixes and lengths. */
function simulatedVectors(count: number): Float64Array[] {
  const vectors: Float64Array[] = [];
  let pages: PageRecord[] = [];
  let current = -1;
  for (const { record, sessionIndex } of simulateSessions({ sessions: 2_000, seed: 3 })) {
    if (sessionIndex !== current) {
      pages = [];
      current = sessionIndex;
    }
    pages.push(record);
    vectors.push(sessionFeatures(toObservedSession(sessionBodyFromPages(`s${sessionIndex}`, pages))).slice());
    if (vectors.length === count) break;
  }
  return vectors;
}
const vectors = simulatedVectors(1_000);

/** Row i as the service builds it: a fresh object and vector per request; v1 lacks the v2 fields. */
function row(i: number, schema: 'v1' | 'v2'): RequestRow {
  const tsMs = Date.now();
  const churn = i % 2 === 0;
  const prediction = (i % 997) / (churn ? 997 : 50);
  const base: RequestRow = {
    tsMs,
    endpoint: churn ? '/churn' : '/session-value',
    requestId: timeOrderedId(tsMs),
    clientSessionId: `web-${((i * 2_654_435_761) >>> 0).toString(16)}`,
    task: churn ? 'churn' : 'session-value',
    modelVersion: '20261123T083000Z-1a2b3c4d',
    featureVersion: FEATURE_VERSION,
    features: vectors[i % vectors.length]!.slice(),
    prediction,
    decision: churn ? ((prediction >= 0.3 ? 1 : 0) as 0 | 1) : null,
    pageCount: 1 + (i % 9),
    latencyMs: 1 + (i % 100) / 37,
    status: 200,
    errorReason: null,
  };
  if (schema === 'v1') return base;
  if (churn) {
    const p = 1 - prediction;
    base.survival = { expectedFurtherPages: 3 * p, stillBrowsing: [p, p * 0.8, p * 0.6, p * 0.45, p * 0.3] };
  } else {
    base.interval = { level: 0.8, low: Math.max(0, prediction - 3), high: prediction + 9 };
  }
  return base;
}

const RECEIVER = `
const { workerData } = require('node:worker_threads');
const counter = new Int32Array(workerData.counter);
workerData.port.on('message', (message) => {
  const rows = message.rows;
  Atomics.add(counter, 0, Array.isArray(rows) ? rows.length : rows.count);
  Atomics.notify(counter, 0);
});`;

/** A thread that takes hand-over messages and counts their rows in a shared word. */
function startReceiver() {
  const { port1, port2 } = new MessageChannel();
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(RECEIVER, {
    eval: true,
    workerData: { port: port2, counter: counter.buffer },
    transferList: [port2],
  });
  return { port: port1, counter, worker };
}

type Design = 'clone-v1' | 'clone-v2' | 'encoded-v2';
interface Measured {
  loopUs: number;
  cpuUs: number;
}

/** µs per row on the sending thread and in the process, for `rowCount` rows in batches. */
function measure(design: Design, receiver: ReturnType<typeof startReceiver>): Measured {
  const schema = design === 'clone-v1' ? 'v1' : 'v2';
  Atomics.store(receiver.counter, 0, 0);
  let loopMs = 0;
  const cpuBefore = process.cpuUsage();
  const batch = new RowBatch();
  for (let first = 0; first < rowCount; first += batchRows) {
    const size = Math.min(batchRows, rowCount - first);
    // Built outside the timed part: the service builds its rows whatever the design.
    const rows = Array.from({ length: size }, (_, i) => row(first + i, schema));
    const start = performance.now();
    if (design === 'encoded-v2') {
      for (const r of rows) batch.append(r);
      const encoded = batch.take();
      receiver.port.postMessage({ rows: encoded, commit: true }, [encoded.numbers.buffer as ArrayBuffer]);
    } else {
      const queue: RequestRow[] = [];
      for (const r of rows) queue.push(r);
      receiver.port.postMessage({ rows: queue, commit: true });
    }
    loopMs += performance.now() - start;
  }
  for (
    let seen = Atomics.load(receiver.counter, 0);
    seen < rowCount;
    seen = Atomics.load(receiver.counter, 0)
  )
    Atomics.wait(receiver.counter, 0, seen, 1_000);
  const cpu = process.cpuUsage(cpuBefore);
  // The CPU includes building the rows; subtract it with the same loop alone (below).
  return { loopUs: (loopMs * 1_000) / rowCount, cpuUs: (cpu.user + cpu.system) / rowCount };
}

/** CPU µs per row of building the rows alone, to take out of the process CPU. */
function buildOnlyUs(schema: 'v1' | 'v2'): number {
  const cpuBefore = process.cpuUsage();
  let kept = 0;
  for (let first = 0; first < rowCount; first += batchRows) {
    const rows = Array.from({ length: Math.min(batchRows, rowCount - first) }, (_, i) =>
      row(first + i, schema),
    );
    kept += rows.length;
  }
  const cpu = process.cpuUsage(cpuBefore);
  if (kept !== rowCount) throw new Error('unreachable');
  return (cpu.user + cpu.system) / rowCount;
}

/** The real writer: `write` of fresh v2 rows (encode + transferred hand-over), its thread committing. */
function realWriterUs(): number {
  const dir = mkdtempSync(join(tmpdir(), 'log-handover-'));
  try {
    const { db } = openRequestLog(join(dir, 'requests.sqlite'));
    const writer = new RequestLogWriter(db, { flushIntervalMs: 60_000, maxQueueRows: batchRows });
    let loopMs = 0;
    for (let first = 0; first < rowCount; first += batchRows) {
      const rows = Array.from({ length: Math.min(batchRows, rowCount - first) }, (_, i) =>
        row(first + i, 'v2'),
      );
      const start = performance.now();
      for (const r of rows) writer.write(r);
      loopMs += performance.now() - start;
    }
    writer.close();
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
    if (stored !== rowCount) throw new Error(`stored ${stored} rows, wrote ${rowCount}`);
    db.close();
    return (loopMs * 1_000) / rowCount;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const designs: Design[] = ['clone-v1', 'clone-v2', 'encoded-v2'];
const receiver = startReceiver();
const results = new Map<Design, { loop: number[]; cpu: number[] }>(
  designs.map((d) => [d, { loop: [], cpu: [] }]),
);
const writerLoop: number[] = [];
const build = { v1: [] as number[], v2: [] as number[] };
measure('clone-v2', receiver); // warm-up: JIT and the receiver thread
measure('encoded-v2', receiver);
for (let round = 0; round < rounds; round++) {
  // Rotate the order, so no design always runs first (or right after a GC-heavy one).
  const order = designs.map((_, k) => designs[(k + round) % designs.length]!);
  for (const design of order) {
    const m = measure(design, receiver);
    results.get(design)!.loop.push(m.loopUs);
    results.get(design)!.cpu.push(m.cpuUs);
  }
  build.v1.push(buildOnlyUs('v1'));
  build.v2.push(buildOnlyUs('v2'));
  writerLoop.push(realWriterUs());
  process.stdout.write(`round ${round + 1}/${rounds}\n`);
}
await receiver.worker.terminate();

const baseline = results.get('clone-v1')!;
const label: Record<Design, string> = {
  'clone-v1': 'structured clone, v1 rows (before schema v2)',
  'clone-v2': 'structured clone, v2 rows',
  'encoded-v2': 'RowBatch encoded + transferred, v2 rows (now)',
};
const lines = [
  '| hand-over | event loop µs/row | vs before | process CPU µs/row (both threads) | vs before |',
  '|---|---:|---:|---:|---:|',
];
for (const design of designs) {
  const { loop, cpu } = results.get(design)!;
  const buildUs = median(design === 'clone-v1' ? build.v1 : build.v2);
  const cpuUs = median(cpu) - buildUs;
  const baseCpu = median(baseline.cpu) - median(build.v1);
  lines.push(
    `| ${label[design]} | ${median(loop).toFixed(2)} | ${(median(loop) / median(baseline.loop)).toFixed(2)}× | ` +
      `${cpuUs.toFixed(2)} | ${(cpuUs / baseCpu).toFixed(2)}× |`,
  );
}
const report = [
  '# Request-log hand-over (bench/requestLogHandOver.ts)',
  '',
  `Command: \`npm run bench:log-handover -- --rows ${rowCount} --rounds ${rounds} --batch ${batchRows}\` — ` +
    `${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
    `load average at the end ${loadavg()[0].toFixed(1)}.`,
  `Rows: half /churn with the survival view, half /session-value with the interval (v1 rows without them), ` +
    `45-number simulator feature vectors, ${batchRows} rows a hand-over; medians of ${rounds} rounds, ` +
    'the designs alternating. Process CPU is both threads until the receiver has every row, minus building the rows.',
  '',
  ...lines,
  '',
  `The real \`RequestLogWriter.write\` (encoded hand-over, writer thread committing to a file meanwhile): ` +
    `**${median(writerLoop).toFixed(2)} µs a row** on the event loop (median of ${rounds}).`,
  '',
];
const text = report.join('\n');
console.log(text);
writeFileSync(join(import.meta.dirname, 'results', 'requestLogHandOver.md'), text);
