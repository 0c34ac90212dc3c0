import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scheduleRuns } from '../../cli/schedule.ts';
import { UsageError } from '../../cli/usage.ts';
import { loadServed, TASKS } from '../../registry/index.ts';
import { createAlertWatcher } from '../alerts/alertWatcher.ts';
import type { CheckedAlert } from '../alerts/openAlerts.ts';
import { parseWebhookUrl, postWebhook, slackMessage } from '../alerts/webhook.ts';
import { REPORT_KINDS } from '../computeReport.ts';
import { loadThresholds } from '../config.ts';
import { openReportDatabase, reportDatabaseFrom } from '../requestLog/openReportDatabase.ts';
import { describePostgresUrl } from '../requestLog/postgres/connect.ts';
import type { ReportDatabaseSpec } from '../requestLog/requestStore.ts';
import { resolveTimeWindow } from '../timeWindow.ts';
import { buildReport, type MonitorIo } from './runMonitor.ts';

export const WATCH_HELP = `Usage: npm run monitor -- watch --schedule CRON [--webhook URL] [options]
       npm run monitor -- watch --once [--state FILE] [--webhook URL] [options]

Checks drift, quality, ops and live performance at start and then on the cron schedule. Each
threshold crossing is posted once to the webhook as Slack-style JSON ({"text": "…"}: Slack, Mattermost,
Rocket.Chat, Discord's /slack URLs), and once more when it clears. A post that fails is retried at
the next check. Without a webhook the transitions are printed. A check that cannot run (database
gone, bad model) is itself posted as a crossing of kind "watch".

Options:
  --schedule CRON  when to check, e.g. "*/5 * * * *" (every 5 minutes); SIGTERM/SIGINT stops it
  --timezone TZ    time zone of --schedule (IANA name)         default the system's
  --once           check once and exit (for a Kubernetes CronJob; pair it with --state)
  --webhook URL    receiver of the posts                       default $ALERT_WEBHOOK_URL
  --state FILE     remember the open crossings in FILE, so a restart does not post them again
  --db PATH|URL    request log, a SQLite file or postgres:// URL  default $DATABASE_URL, $DB_PATH,
                                                              or var/requests.sqlite
  --models DIR     model registry (re-read at every check)     default $MODELS_DIR or models
  --since DUR      window each check looks back over           default 1h
  --window DUR     bucket size of the reports                  default 15m
  --task TASK      churn or session-value                      default every served task
  --config PATH    thresholds                                  default config/monitoring.json
  -h, --help       this text

Exit status: 0 stopped cleanly (--once: checked and every post delivered), 1 a check or a post
failed (--once), 2 bad usage.`;

export interface WatchIo extends MonitorIo {
  /** Where SIGTERM/SIGINT come from (the process; a test passes an emitter). */
  signals?: NodeJS.EventEmitter;
}

/**
 * `npm run monitor -- watch`: the alerting loop. Resolves with the exit status once stopped by a
 * signal (scheduled) or after its one check (--once).
 *
 * @example
 * process.exitCode = await runMonitorWatch(['--schedule', '*\/5 * * * *'], io);
 */
export async function runMonitorWatch(argv: readonly string[], io: WatchIo): Promise<number> {
  let options: ReturnType<typeof parseWatchOptions>;
  try {
    options = parseWatchOptions(argv, io.env);
  } catch (error) {
    io.stderr(`monitor watch: ${(error as Error).message}\nRun with --help for usage.`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(WATCH_HELP);
    return 0;
  }
  const { webhook, statePath, schedule, timezone, once } = options;
  let watcher: ReturnType<typeof createAlertWatcher>;
  try {
    const thresholds = loadThresholds(options.configPath);
    watcher = createAlertWatcher({
      statePath,
      check: async () => checkReports({ ...options, thresholds }),
      deliver: async (transition) => {
        const message = slackMessage(transition, { service: 'retention-service', nowMs: Date.now() });
        io.stdout(
          `${transition.change === 'crossed' ? 'CROSSED' : 'CLEARED'} ${transition.alert.kind}: ${transition.alert.message}`,
        );
        if (webhook) await postWebhook(webhook, message);
      },
    });
  } catch (error) {
    io.stderr(`monitor watch: ${(error as Error).message}`);
    return 2;
  }
  const target = webhook ? `posting to the webhook at ${webhook.host}` : 'printing (no --webhook)';
  // One check at a time: the first one (at start) and a scheduled one may otherwise meet.
  let previous: Promise<number> = Promise.resolve(0);
  const checkOnce = () => {
    previous = previous.then(async () => {
      const summary = await watcher.runCheck();
      if (summary.checkError) io.stderr(`monitor watch: check failed: ${summary.checkError}`);
      for (const failure of summary.failedDeliveries)
        io.stderr(`monitor watch: ${failure}; retrying at the next check`);
      io.stderr(
        `monitor watch: checked at ${new Date().toISOString()}: ${summary.open} open, ${summary.delivered.length} posted`,
      );
      return summary.checkError || summary.failedDeliveries.length ? 1 : 0;
    });
    return previous;
  };
  if (once) {
    io.stderr(`monitor watch: one check of ${describeDatabase(options.database)}, ${target}`);
    return checkOnce();
  }
  let handle: ReturnType<typeof scheduleRuns>;
  try {
    handle = scheduleRuns(schedule as string, checkOnce, (line) => io.stderr(`monitor watch: ${line}`), {
      timezone,
    });
  } catch (error) {
    io.stderr(`monitor watch: ${(error as Error).message}`);
    return 2;
  }
  io.stderr(
    `monitor watch: checking ${describeDatabase(options.database)} now and on "${schedule}", ${target}`,
  );
  await checkOnce();
  const signals = io.signals ?? process;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
      io.stderr(`monitor watch: ${signal}, stopping after the check in progress`);
      void handle.stop().then(resolve);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    signals.on('SIGTERM', onTerm);
    signals.on('SIGINT', onInt);
  });
  return 0;
}

/** Every report once over the window ending now; the crossings, tagged with their report. */
function checkReports({
  database,
  modelsDir,
  since,
  window,
  task,
  thresholds,
}: Exclude<ReturnType<typeof parseWatchOptions>, 'help'> & {
  thresholds: ReturnType<typeof loadThresholds>;
}): CheckedAlert[] {
  if (database.kind === 'sqlite' && !existsSync(database.path))
    throw new Error(`request log ${database.path} does not exist`);
  // Re-read at every check: a promotion changes the served versions and their references.
  const models = TASKS.filter((t) => !task || t === task).flatMap((t) => loadServed(modelsDir, t) ?? []);
  const timeWindow = resolveTimeWindow({ since, window });
  const db = openReportDatabase(database);
  try {
    // The customers report draws distributions and has no thresholds: nothing to watch.
    const watched = REPORT_KINDS.filter((kind) => kind !== 'customers');
    return watched
      .filter((kind) => kind === 'ops' || models.length > 0)
      .flatMap((kind) =>
        buildReport(kind, db, models, timeWindow, thresholds).alerts.map((message) => ({ kind, message })),
      );
  } finally {
    db.close();
  }
}

function parseWatchOptions(argv: readonly string[], env: NodeJS.ProcessEnv) {
  let parsed: ReturnType<typeof parseWatchArgs>;
  try {
    parsed = parseWatchArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help' as const;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  if (!values.once && values.schedule === undefined) {
    throw new UsageError('say when to check: --schedule "*/5 * * * *" (or --once for a single check).');
  }
  if (values.once && values.schedule !== undefined) {
    throw new UsageError('--once and --schedule contradict each other: pick one.');
  }
  if (values.task !== undefined && values.task !== 'churn' && values.task !== 'session-value') {
    throw new UsageError(`--task "${values.task}" is not a task: use churn or session-value.`);
  }
  const webhookText = values.webhook ?? (env.ALERT_WEBHOOK_URL || undefined);
  const webhook =
    webhookText === undefined
      ? undefined
      : parseWebhookUrl(webhookText, values.webhook === undefined ? 'ALERT_WEBHOOK_URL' : '--webhook');
  // Fail on a bad duration now rather than at the first check.
  resolveTimeWindow({ since: values.since, window: values.window });
  return {
    database: reportDatabaseFrom(values.db, env),
    modelsDir: values.models ?? env.MODELS_DIR ?? 'models',
    since: values.since,
    window: values.window,
    task: values.task,
    configPath: values.config,
    schedule: values.schedule,
    timezone: values.timezone,
    once: values.once,
    statePath: values.state,
    webhook,
  };
}

function parseWatchArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      schedule: { type: 'string' },
      timezone: { type: 'string' },
      once: { type: 'boolean', default: false },
      webhook: { type: 'string' },
      state: { type: 'string' },
      db: { type: 'string' },
      models: { type: 'string' },
      since: { type: 'string', default: '1h' },
      window: { type: 'string', default: '15m' },
      task: { type: 'string' },
      config: { type: 'string', default: 'config/monitoring.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function describeDatabase(database: ReportDatabaseSpec): string {
  return database.kind === 'sqlite' ? database.path : describePostgresUrl(database.url);
}
