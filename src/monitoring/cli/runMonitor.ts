import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { parseCommandLine, UsageError } from '../../cli/usage.ts';
import { loadServed, resolveModelsDir, type ServedModelData, TASKS } from '../../registry/index.ts';
import { loadThresholds, type MonitoringThresholds } from '../config.ts';
import { customerValueReport } from '../customerValueReport.ts';
import { driftReport } from '../driftReport.ts';
import { opsReport } from '../opsReport.ts';
import { performanceReport } from '../performanceReport.ts';
import { qualityReport } from '../qualityReport.ts';
import { RequestLogOpenError } from '../requestLog/index.ts';
import { openReportDatabase, reportDatabaseFrom } from '../requestLog/openReportDatabase.ts';
import { describePostgresUrl } from '../requestLog/postgres/connect.ts';
import { resolveTimeWindow, type TimeWindow } from '../timeWindow.ts';
import {
  renderAlerts,
  renderCustomers,
  renderDrift,
  renderOps,
  renderPerformance,
  renderQuality,
} from './renderReports.ts';

export const MONITOR_COMMANDS = ['drift', 'quality', 'ops', 'performance', 'customers'] as const;
type Command = (typeof MONITOR_COMMANDS)[number];

export const MONITOR_HELP = `Usage: npm run monitor -- <drift|quality|ops|performance|customers> [options]
       npm run monitor -- watch --schedule CRON [--webhook URL] [options]   (npm run monitor -- watch --help)

Reads the request log (SQLite or PostgreSQL) and the served models' training references and reports:
  drift        PSI and Wasserstein/std of every feature and of the predictions vs training
  quality      rejected requests by reason, missing and out-of-training-range feature values
  ops          volume, 4xx/5xx, p50/p95/p99 latency per endpoint and model version
  performance  live ROC AUC/Brier/F1 (churn), RMSE/MAE/calibration, interval coverage (value) from /feedback
  customers    P(alive) and CLV of the customers valued: p10/p50/p90 per bucket (no thresholds)

Options:
  --db PATH|URL    request log: a SQLite file or a postgres:// URL
                   (default: $DATABASE_URL, else $DB_PATH, else var/requests.sqlite)
  --models DIR     model registry (default: $MODELS_DIR or var/models, the one the service serves)
  --since DUR      how far back, e.g. 30m, 24h, 7d (default 24h)
  --window DUR     bucket size of time series, e.g. 1h (default 1h)
  --task TASK      churn or session-value (default: every served task)
  --config PATH    thresholds (default: config/monitoring.json; missing keys take defaults)
  --json           print the report as JSON instead of tables
  -h, --help       this text

Exit status: 0 all thresholds respected, 1 a threshold crossed (alerts listed), 2 bad usage.
Thresholds and statistics: docs/monitoring.md`;

export interface MonitorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  nowMs?: number;
  /** Print a start and a timing line to stderr (the script does when stderr is a terminal). */
  progress?: boolean;
}

/**
 * The `monitor` command line: parse, report, print; returns the exit status (0, 1 or 2).
 *
 * @example
 * process.exitCode = runMonitor(process.argv.slice(2), { stdout: console.log, stderr: console.error, env: process.env });
 */
export function runMonitor(argv: readonly string[], io: MonitorIo): number {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, io.env);
  } catch (error) {
    io.stderr(`monitor: ${(error as Error).message}\nRun with --help for usage.`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(MONITOR_HELP);
    return 0;
  }
  let db: Database.Database | undefined;
  try {
    const { command, database, modelsDir, since, window, task, configPath, json } = options;
    const thresholds = loadThresholds(configPath);
    const timeWindow = resolveTimeWindow({ since, window, nowMs: io.nowMs });
    const where = database.kind === 'sqlite' ? database.path : describePostgresUrl(database.url);
    if (database.kind === 'sqlite' && !existsSync(database.path))
      throw new UsageError(
        `request log ${where} does not exist: pass --db PATH or set DB_PATH (or DATABASE_URL).`,
      );
    const models = TASKS.filter((t) => !task || t === task).flatMap((t) => loadServed(modelsDir, t) ?? []);
    if (command !== 'ops' && command !== 'customers' && models.length === 0) {
      throw new UsageError(
        `no served model${task ? ` for ${task}` : ''} in ${modelsDir} (<task>/production.json): pass --models DIR.`,
      );
    }
    db = openReportDatabase(database);
    // The reports are synchronous reads: say what is happening before a long one, and how long it took.
    if (io.progress) io.stderr(`monitor: ${command} over ${since} of ${where}…`);
    const startMs = performance.now();
    const { report, text, alerts } = buildReport(command, db, models, timeWindow, thresholds);
    if (io.progress)
      io.stderr(`monitor: ${command} done in ${((performance.now() - startMs) / 1000).toFixed(1)} s`);
    io.stdout(
      json
        ? JSON.stringify({ command, thresholds, report, alerts }, null, 2)
        : `${text}\n\n${renderAlerts(alerts)}`,
    );
    return alerts.length ? 1 : 0;
  } catch (error) {
    io.stderr(`monitor: ${(error as Error).message}`);
    return error instanceof UsageError || error instanceof RangeError || error instanceof RequestLogOpenError
      ? 2
      : 1;
  } finally {
    db?.close();
  }
}

/** One report of `command` with its text rendering and alerts (the CLI's and the watcher's). */
export function buildReport(
  command: Command,
  db: Database.Database,
  models: readonly ServedModelData[],
  window: TimeWindow,
  thresholds: MonitoringThresholds,
): { report: unknown; text: string; alerts: string[] } {
  switch (command) {
    case 'drift': {
      const reports = models.map((m) => driftReport(db, m, window, thresholds));
      return {
        report: reports,
        text: renderDrift(reports, thresholds.datasetDriftShare),
        alerts: reports.flatMap((r) => r.alerts),
      };
    }
    case 'quality': {
      const report = qualityReport(db, models, window, thresholds);
      return { report, text: renderQuality(report), alerts: report.alerts };
    }
    case 'ops': {
      const report = opsReport(db, window, thresholds);
      return { report, text: renderOps(report), alerts: report.alerts };
    }
    case 'performance': {
      const reports = models.map((m) => performanceReport(db, m, window, thresholds));
      return { report: reports, text: renderPerformance(reports), alerts: reports.flatMap((r) => r.alerts) };
    }
    case 'customers': {
      const report = customerValueReport(db, window);
      return { report, text: renderCustomers(report), alerts: [] };
    }
  }
}

function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      models: { type: 'string' },
      since: { type: 'string', default: '24h' },
      window: { type: 'string', default: '1h' },
      task: { type: 'string' },
      config: { type: 'string', default: 'config/monitoring.json' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1) {
    throw new UsageError(
      `expected one command (${MONITOR_COMMANDS.join('|')}), got ${positionals.length ? positionals.join(' ') : 'none'}.`,
    );
  }
  const command = positionals[0] as Command;
  if (positionals[0] === 'watch') {
    throw new UsageError('watch is its own command and comes first: npm run monitor -- watch --help.');
  }
  if (!MONITOR_COMMANDS.includes(command)) {
    throw new UsageError(`unknown command "${positionals[0]}": use one of ${MONITOR_COMMANDS.join(', ')}.`);
  }
  if (values.task !== undefined && values.task !== 'churn' && values.task !== 'session-value') {
    throw new UsageError(`--task "${values.task}" is not a task: use churn or session-value.`);
  }
  return {
    command,
    database: reportDatabaseFrom(values.db, env),
    modelsDir: resolveModelsDir(values.models, env),
    since: values.since,
    window: values.window,
    task: values.task,
    configPath: values.config,
    json: values.json,
  };
}
