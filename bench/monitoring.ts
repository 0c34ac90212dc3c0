/**
 * Monitoring on a big request log: how long each report takes over N logged predictions (default
 * 1,000,000 /churn rows with 45-feature vectors, 20 % of them labelled through /feedback), against
 * the raw cost of reading the same rows out of SQLite (the baseline, measured in the same run).
 *
 *   npx tsx bench/monitoring.ts [--rows 1000000]
 */
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { FEATURE_NAMES, FEATURE_VERSION } from '../src/features/index.ts';
import { DEFAULT_THRESHOLDS } from '../src/monitoring/config.ts';
import { driftReport } from '../src/monitoring/driftReport.ts';
import { opsReport } from '../src/monitoring/opsReport.ts';
import { performanceReport } from '../src/monitoring/performanceReport.ts';
import { qualityReport } from '../src/monitoring/qualityReport.ts';
import { featuresJson, INSERT_REQUEST_SQL, openRequestLog } from '../src/monitoring/requestLog/index.ts';
import { readScoredWindow } from '../src/monitoring/scoredWindow.ts';
import { resolveTimeWindow } from '../src/monitoring/timeWindow.ts';
import { buildReference } from '../src/registry/reference.ts';
import type { ServedModelData } from '../src/registry/servedModel.ts';
import { simulatedRows } from '../test/monitoring/helpers/simulatedTraffic.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1000)
  throw new Error(`--rows ${values.rows}: give a whole number ≥ 1000.`);

const path = join(tmpdir(), `monitoring-bench-${process.pid}.sqlite`);
const { db } = openRequestLog(path);
try {
  // Distinct simulated vectors, cycled: the cost of monitoring does not depend on their variety.
  const sample = simulatedRows({ sessions: 5000, seed: 11 });
  const reference = buildReference(FEATURE_VERSION, FEATURE_NAMES, sample.columns, sample.churnProbability);
  const model: ServedModelData = {
    task: 'churn',
    version: 'bench',
    featureNames: FEATURE_NAMES,
    threshold: 0.3,
    reference,
  };
  const vectorsJson = sample.vectors.map((v) => featuresJson(v));
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
        insert.run(
          ts,
          '/churn',
          `r${r}`,
          `c${r}`,
          'churn',
          'bench',
          FEATURE_VERSION,
          vectorsJson[s],
          p,
          p >= 0.3 ? 1 : 0,
          1,
          0.5 + (r % 97) / 50,
          200,
          null,
        );
        if (r % 5 === 0) feedback.run(ts + 1, `r${r}`, sample.churned[s]);
      }
    })();
    bar.update(Math.min(rows, start + batch));
  }
  bar.stop();

  const window = resolveTimeWindow({ since: '24h', window: '1h' });
  // Wall time and this process's CPU time (user + system): on a loaded machine the CPU time is the
  // figure that says what the work costs; the wall time says what a user waited.
  const time = (label: string, run: () => unknown) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const cpu = process.cpuUsage(cpu0);
    return { label, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const baseline = time('baseline: SELECT every features text (no parsing)', () => {
    let bytes = 0;
    for (const row of db
      .prepare('SELECT features FROM requests WHERE task = ? AND ts_ms >= ?')
      .raw(true)
      .iterate('churn', window.fromMs)) {
      bytes += (row as [string])[0].length;
    }
    return bytes;
  });
  const results = [
    time('read + parse feature vectors (readScoredWindow)', () =>
      readScoredWindow(db, {
        task: 'churn',
        featureVersion: FEATURE_VERSION,
        featureCount: FEATURE_NAMES.length,
        window,
      }),
    ),
    time('drift report (45 features + prediction, 24 buckets)', () =>
      driftReport(db, model, window, DEFAULT_THRESHOLDS),
    ),
    time('quality report', () => qualityReport(db, [model], window, DEFAULT_THRESHOLDS)),
    time('ops report (percentiles by window functions)', () => opsReport(db, window, DEFAULT_THRESHOLDS)),
    time(`performance report (${Math.ceil(rows / 5)} labelled)`, () =>
      performanceReport(db, model, window, DEFAULT_THRESHOLDS),
    ),
  ];
  const [load1] = loadavg();
  console.log(
    `\n${rows.toLocaleString('en')} logged /churn predictions, 45 features each ` +
      `(load average ${load1.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  console.log(
    `${'step'.padEnd(58)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'cpu ratio'.padStart(9)}`,
  );
  for (const r of [baseline, ...results]) {
    const wall = (r.ms / 1000).toFixed(2).padStart(7);
    const cpu = (r.cpuMs / 1000).toFixed(2).padStart(7);
    console.log(
      `${r.label.padEnd(58)} ${wall} ${cpu} ${`${(r.cpuMs / baseline.cpuMs).toFixed(2)}×`.padStart(9)}`,
    );
  }
} finally {
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
