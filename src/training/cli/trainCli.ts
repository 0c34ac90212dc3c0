import { consoleProgress, type TrainingProgress } from '../../cli/progress.ts';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import { readProcessedTable } from '../../dataset/processedTable.ts';
import { openWorkingRegistry, TaskSchema } from '../../registry/index.ts';
import { DEFAULT_TRAINING_CONFIG_PATH, loadTrainingConfig } from '../config.ts';
import { gitCommit } from '../run/codeVersion.ts';
import { type PromoteMode, trainAll } from '../run/trainAll.ts';
import { trainingSummary } from './summary.ts';

export const TRAIN_HELP = `Usage: npm run train -- [options]

Train every configured model for churn and session value on a prepared table, evaluate them on
the test sessions (with the simulator's oracle when present), write the best of each task as a new
version under var/models/<task>/<version>/ (model.json, metrics.json, reference.json, report.md, SVGs).

Options:
  --data DIR        prepared data (features.arrow + manifest.json)     default data/processed
  --models DIR      model registry (MODELS_DIR)                        default var/models,
                    seeded from the committed default models in models/
  --config FILE     hyperparameters and promotion rules                default ${DEFAULT_TRAINING_CONFIG_PATH}
  --task TASK       train one task only: churn | session-value          default both
  --grid            grid-search each model's "grid" on validation
  --promote         point production at the new versions even if production exists
  --no-promote      never move production (default: promote only when a task has none;
                    otherwise leave the candidate for \`npm run retrain\` to judge)
  -h, --help        show this help

Exit codes: 0 trained, 1 failure, 2 bad usage.`;

/**
 * The train command: flags → trainAll → summary. Returns the exit code.
 *
 * @example
 * process.exitCode = await runTrainCli(process.argv.slice(2));
 */
export async function runTrainCli(
  argv: string[],
  io: CliIo = PROCESS_IO,
  progress: TrainingProgress = consoleProgress(),
): Promise<number> {
  return withExitCodes('train', io, () => {
    const flags = parseFlags(argv, {
      data: { type: 'string', default: 'data/processed' },
      models: { type: 'string' },
      config: { type: 'string', default: DEFAULT_TRAINING_CONFIG_PATH },
      task: { type: 'string' },
      grid: { type: 'boolean', default: false },
      promote: { type: 'boolean', default: false },
      'no-promote': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(TRAIN_HELP);
      return 0;
    }
    if (flags.promote && flags['no-promote'])
      throw new UsageError('--promote and --no-promote contradict each other.');
    const task = flags.task === undefined ? undefined : TaskSchema.safeParse(flags.task);
    if (task && !task.success)
      throw new UsageError(`--task must be churn or session-value; got "${flags.task}".`);
    const promote: PromoteMode = flags.promote ? 'always' : flags['no-promote'] ? 'never' : 'if-none';
    const config = loadTrainingConfig(flags.config);
    const table = readProcessedTable(flags.data);
    const results = trainAll({
      dataDir: flags.data,
      table,
      modelsDir: openWorkingRegistry(flags.models),
      config,
      tasks: task?.success ? [task.data] : undefined,
      useGrid: flags.grid,
      promote,
      progress,
      command: `npm run train -- ${argv.join(' ')}`.trim().replace(/ --$/, ''),
      codeVersion: gitCommit(),
    });
    for (const line of trainingSummary(results)) io.stdout(line);
    return 0;
  });
}
