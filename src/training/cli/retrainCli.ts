import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { consoleProgress, type TrainingProgress } from '../../cli/progress.ts';
import { scheduleRuns } from '../../cli/schedule.ts';
import { stopSignal } from '../../cli/stopSignal.ts';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import { openWorkingRegistry } from '../../registry/index.ts';
import { DEFAULT_TRAINING_CONFIG_PATH, loadTrainingConfig } from '../config.ts';
import { gitCommit } from '../run/codeVersion.ts';
import { retrain } from '../run/retrain.ts';
import { trainingSummary } from './summary.ts';

export const RETRAIN_HELP = `Usage: npm run retrain -- [options]

Prepare the newest raw data, train candidates for both tasks, score candidate AND production on the
same newest test sessions (only those neither was trained on; at least promotion.<task>.
minEvaluationSessions of them, else production is kept), and promote a candidate only when it beats production by the configured
margin on the main metric (ROC AUC; Tweedie deviance) without being worse beyond tolerance on the
guard metrics. Every decision is appended to <models>/<task>/history.jsonl.

Options:
  --input FILE      raw log(s) to prepare (repeatable)                 default data/raw/*.txt
  --skip-prepare    use --data as already prepared
  --data DIR        prepared data folder (written by the prepare step) default data/processed
  --models DIR      model registry (MODELS_DIR)                        default var/models,
                    seeded from the committed default models in models/
  --config FILE     hyperparameters and promotion rules                default ${DEFAULT_TRAINING_CONFIG_PATH}
  --grid            grid-search each model's "grid" on validation
  --json            print the decisions as JSON (with evaluation.sessions and
                    evaluation.excludedSeenInTraining) instead of the tables
  --schedule CRON   keep running and retrain on this cron expression, e.g. "0 3 * * 0"
                    (Sundays 03:00); SIGTERM or SIGINT stops it cleanly
  --timezone TZ     time zone of --schedule (IANA name)                default the system's
  -h, --help        show this help

Exit codes: 0 done (promoted or kept), 1 failure, 2 bad usage.`;

function defaultInputs(rawDir = 'data/raw'): string[] {
  if (!existsSync(rawDir)) return [];
  return readdirSync(rawDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(rawDir, name));
}

/**
 * The retrain command, once or on a schedule. Returns the exit code (after SIGTERM when scheduled).
 *
 * @example
 * process.exitCode = await runRetrainCli(['--schedule', '0 3 * * 0']);
 */
export async function runRetrainCli(
  argv: string[],
  io: CliIo = PROCESS_IO,
  progress: TrainingProgress = consoleProgress(),
  signals: NodeJS.EventEmitter = process,
): Promise<number> {
  return withExitCodes('retrain', io, async () => {
    const flags = parseFlags(argv, {
      input: { type: 'string', multiple: true },
      'skip-prepare': { type: 'boolean', default: false },
      data: { type: 'string', default: 'data/processed' },
      models: { type: 'string' },
      config: { type: 'string', default: DEFAULT_TRAINING_CONFIG_PATH },
      grid: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      schedule: { type: 'string' },
      timezone: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(RETRAIN_HELP);
      return 0;
    }
    if (flags['skip-prepare'] && flags.input)
      throw new UsageError('--skip-prepare and --input contradict each other.');
    const inputs = flags['skip-prepare'] ? null : (flags.input ?? defaultInputs());
    if (inputs && inputs.length === 0) {
      throw new UsageError(
        'no raw data: put logs in data/raw/*.txt, pass --input FILE, or use --skip-prepare.',
      );
    }
    const config = loadTrainingConfig(flags.config);
    const modelsDir = openWorkingRegistry(flags.models);
    const runOnce = async () => {
      const outcomes = await retrain({
        inputs,
        dataDir: flags.data,
        modelsDir,
        config,
        useGrid: flags.grid,
        progress,
        command: `npm run retrain -- ${argv.join(' ')}`.trim().replace(/ --$/, ''),
        codeVersion: gitCommit(),
      });
      if (flags.json) {
        io.stdout(JSON.stringify({ decisions: outcomes.map((o) => o.decision) }, null, 2));
        return;
      }
      const summary = trainingSummary(
        outcomes.map((o) => o.trained),
        outcomes.map((o) => o.decision),
      );
      for (const line of summary) io.stdout(line);
    };
    if (flags.schedule === undefined) {
      await runOnce();
      return 0;
    }
    let schedule: ReturnType<typeof scheduleRuns>;
    try {
      schedule = scheduleRuns(flags.schedule, runOnce, (line) => io.stdout(line), {
        timezone: flags.timezone,
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const signal = stopSignal(signals);
    io.stdout(
      `retrain scheduled "${flags.schedule}"; next run: ${schedule.nextRun()?.toISOString() ?? 'none'}`,
    );
    io.stdout(`${await signal}: stopping the schedule (waiting for a run in progress)…`);
    await schedule.stop();
    io.stdout('retrain schedule stopped.');
    return 0;
  });
}
