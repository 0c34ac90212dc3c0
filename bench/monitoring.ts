/**
 * Monitoring on a big request log: how long each report takes over N logged predictions (default
 * 1,000,000 /churn rows with 45-feature vectors, 20 % of them labelled through /feedback), and the
 * peak memory (max RSS) of a process that runs it, against the raw cost of reading the same rows out
 * of SQLite (the baseline, measured in the same run). Each step runs in a fresh process, so its
 * max RSS is its own. Goal (issue 12 item 8): every report ≤ 300 MB at 1M rows.
 *
 * With `--postgres URL` the same log is written to that PostgreSQL database instead (which must be
 * empty: e.g. `bash scripts/with-postgres.sh npm run bench:monitoring -- --postgres '$DATABASE_URL'`)
 * and the reports read it through PostgresReportConnection, as `npm run monitor -- --db URL` does.
 *
 *   npm run bench:monitoring [-- --rows 1000000] [-- --postgres postgres://…]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { FEATURE_NAMES, FEATURE_VERSION } from '../src/features/index.ts';
import { DEFAULT_THRESHOLDS } from '../src/monitoring/config.ts';
import { driftReport } from '../src/monitoring/driftReport.ts';
import { opsReport } from '../src/monitoring/opsReport.ts';
import { performanceReport } from '../src/monitoring/performanceReport.ts';
import { qualityReport } from '../src/monitoring/qualityReport.ts';
import {
  INSERT_REQUEST_SQL,
  insertRequestRow,
  openReportDatabase,
  openRequestLog,
  reportDatabaseFrom,
} from '../src/monitoring/requestLog/index.ts';
import { migratePostgres } from '../src/monitoring/requestLog/postgres/index.ts';
import { readScoredWindow } from '../src/monitoring/scoredWindow.ts';
import { resolveTimeWindow } from '../src/monitoring/timeWindow.ts';
import { buildReference } from '../src/registry/reference.ts';
import type { ServedModelData } from '../src/registry/servedModel.ts';
import { simulatedRows } from '../test/monitoring/helpers/simulatedTraffic.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    step: { type: 'string' },
    db: { type: 'string' },
    postgres: { type: 'string' },
  },
});
const STEPS = {
  baseline: 'baseline: SELECT every features text (no parsing)',
  'all-columns': 'read + parse all 45 feature columns (readScoredWindow)',
  drift: 'drift report (45 features + prediction, 24 buckets)',
  quality: 'quality report',
  ops: 'ops report (percentiles by window functions)',
  performance: 'performance report (labelled predictions)',
} as const;
type Step = keyof typeof STEPS;
/** PostgreSQL array types of the copied columns (text when not named). */
const PG_TYPES: Record<string, string> = {
  ts_ms: 'bigint',
  prediction: 'float8',
  decision: 'smallint',
  page_count: 'integer',
  latency_ms: 'float8',
  status: 'integer',
  churned: 'smallint',
};

/** Child mode: run one step on an existing log and print its wall, CPU and max RSS as JSON. */
function runStep(step: Step, logPath: string): void {
  const log = openReportDatabase(reportDatabaseFrom(logPath, {}));
  const sample = simulatedRows({ sessions: 5000, seed: 11 });
  const reference = buildReference(FEATURE_VERSION, FEATURE_NAMES, sample.columns, sample.churnProbability);
  const model: ServedModelData = {
    task: 'churn',
    version: 'bench',
    featureNames: FEATURE_NAMES,
    threshold: 0.3,
    reference,
  };
  const day = resolveTimeWindow({ since: '24h', window: '1h' });
  const scoredOpts = {
    task: 'churn',
    featureVersion: FEATURE_VERSION,
    featureCount: FEATURE_NAMES.length,
    window: day,
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run: Record<Step, () => unknown> = {
    baseline: () => {
      let bytes = 0;
      for (const row of log
        .prepare('SELECT features FROM requests WHERE task = @task AND ts_ms >= @fromMs')
        .raw(true)
        .iterate({ task: 'churn', fromMs: day.fromMs })) {
        bytes += (row as [string])[0].length;
      }
      return bytes;
    },
    'all-columns': () => readScoredWindow(log, scoredOpts).rows,
    drift: () => driftReport(log, model, day, DEFAULT_THRESHOLDS),
    quality: () => qualityReport(log, [model], day, DEFAULT_THRESHOLDS),
    ops: () => opsReport(log, day, DEFAULT_THRESHOLDS),
    performance: () => performanceReport(log, model, day, DEFAULT_THRESHOLDS),
  };
  run[step]();
  const cpu = process.cpuUsage(cpu0);
  // resourceUsage().maxRSS is in kB: the peak of this process (the simulated reference included).
  const result = {
    ms: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  log.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (values.step !== undefined) {
  runStep(values.step as Step, values.db as string);
  process.exit(0);
}

const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000)
  throw new Error(`--rows ${values.rows}: give a whole number ≥ 1000.`);

const path = join(tmpdir(), `monitoring-bench-${process.pid}.sqlite`);
const { db } = openRequestLog(path);
try {
  // Distinct simulated vectors, cycled: the cost of monitoring does not depend on their variety.
  // (runStep rebuilds the same reference from the same seed in each child.)
  const sample = simulatedRows({ sessions: 5000, seed: 11 });
  const now = Date.now();
  const spanMs = 23 * 3_600_000;
  const insert = db.prepare(INSERT_REQUEST_SQL);
  const feedback = db.prepare('INSERT INTO feedback (ts_ms, request_id, churned) VALUES (?, ?, ?)');
  const bar = new SingleBar({ format: 'writing the log {bar} {value}/{total} rows' });
  bar.start(rows, 0);
  const batch = 50_000;
  for (let start = 0; start < rows; start += batch) {
    db.transaction(() => {
      for (let r = start; r < Math.min(rows, start + batch); r++) {
        const s = r % sample.rows;
        const p = sample.churnProbability[s];
        const ts = now - spanMs + Math.floor((r / rows) * spanMs);
        insertRequestRow(insert, {
          tsMs: ts,
          endpoint: '/churn',
          requestId: `r${r}`,
          clientSessionId: `c${r}`,
          task: 'churn',
          modelVersion: 'bench',
          featureVersion: FEATURE_VERSION,
          features: sample.vectors[s],
          prediction: p,
          decision: p >= 0.3 ? 1 : 0,
          pageCount: 1,
          latencyMs: 0.5 + (r % 97) / 50,
          status: 200,
          errorReason: null,
        });
        if (r % 5 === 0) feedback.run(ts + 1, `r${r}`, sample.churned[s]);
      }
    })();
    bar.update(Math.min(rows, start + batch));
  }
  bar.stop();

  db.close();
  const target = values.postgres ?? path;
  if (values.postgres) await copyToPostgres(path, values.postgres);
  const measure = (step: Step) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/monitoring.ts', '--step', step, '--db', target],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) throw new Error(`step ${step} failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as {
      ms: number;
      cpuMs: number;
      maxRssMB: number;
    };
    return { label: STEPS[step], ...r };
  };
  const baseline = measure('baseline');
  const results = (['all-columns', 'drift', 'quality', 'ops', 'performance'] as const).map(measure);
  const [load1] = loadavg();
  console.log(
    `\n${rows.toLocaleString('en')} logged /churn predictions, 45 features each, in ${values.postgres ? 'PostgreSQL' : 'SQLite'} ` +
      `(load average ${load1.toFixed(1)} on ${availableParallelism()} cores); each step in a fresh process`,
  );
  console.log(
    `${'step'.padEnd(64)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'cpu ratio'.padStart(9)} ${'max RSS MB'.padStart(10)}`,
  );
  for (const r of [baseline, ...results]) {
    const wall = (r.ms / 1000).toFixed(2).padStart(7);
    const cpu = (r.cpuMs / 1000).toFixed(2).padStart(7);
    const ratio = `${(r.cpuMs / baseline.cpuMs).toFixed(2)}×`.padStart(9);
    console.log(`${r.label.padEnd(64)} ${wall} ${cpu} ${ratio} ${r.maxRssMB.toFixed(0).padStart(10)}`);
  }
  const worst = Math.max(...results.filter((r) => r.label.includes(' report')).map((r) => r.maxRssMB));
  console.log(
    `\ngoal: every report ≤ 300 MB max RSS: ${worst <= 300 ? 'met' : 'NOT met'} (worst ${worst.toFixed(0)} MB)`,
  );
} finally {
  if (db.open) db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** Copy the generated SQLite log into an empty PostgreSQL database (same schema), 20,000 rows a statement. */
async function copyToPostgres(sqlitePath: string, url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migratePostgres(pool);
    const source = openRequestLog(sqlitePath).db;
    const copy = async (table: string, columns: string[]) => {
      const select = source.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw(true);
      const insert = (rows: unknown[][]) =>
        pool.query(
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${columns.map((_, c) => `$${c + 1}::${PG_TYPES[columns[c] as string] ?? 'text'}[]`).join(', ')})`,
          columns.map((_, c) => rows.map((row) => row[c])),
        );
      let rows: unknown[][] = [];
      for (const row of select.iterate()) {
        rows.push(row as unknown[]);
        if (rows.length === 20_000) {
          await insert(rows);
          rows = [];
        }
      }
      if (rows.length > 0) await insert(rows);
    };
    await copy('requests', [
      'ts_ms',
      'endpoint',
      'request_id',
      'client_session_id',
      'task',
      'model_version',
      'feature_version',
      'features',
      'prediction',
      'decision',
      'page_count',
      'latency_ms',
      'status',
      'error_reason',
    ]);
    await copy('feedback', ['ts_ms', 'request_id', 'churned']);
    source.close();
    await pool.query('ANALYZE');
  } finally {
    await pool.end();
  }
}
