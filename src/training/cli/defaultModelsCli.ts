import { mkdirSync } from 'node:fs';
import { consoleProgress, type TrainingProgress } from '../../cli/progress.ts';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import { DEFAULT_TRAINING_CONFIG_PATH, loadTrainingConfig } from '../config.ts';
import { gitCommit } from '../run/codeVersion.ts';
import { buildDefaultModels, DEFAULT_MODEL_GROUPS, DEFAULT_MODELS_RECIPE } from '../run/defaultModels.ts';
import { trainingSummary } from './summary.ts';

const recipe = DEFAULT_MODELS_RECIPE;

export const DEFAULT_MODELS_HELP = `Usage: npm run models:default -- [options]

Rebuild the committed default production models: simulate ${recipe.sessions} sessions with seed ${recipe.seed}
(${recipe.rawPath}), prepare them (${recipe.dataDir}), train with the config, fit the customer-value
model on simulated transactions, and REPLACE <models>/churn, <models>/session-value and
<models>/customer-value with the result (one version each, in production).

Options:
  --models DIR      model registry to rewrite                          default models
  --config FILE     hyperparameters                                    default ${DEFAULT_TRAINING_CONFIG_PATH}
  --only GROUP      ${DEFAULT_MODEL_GROUPS.join(' | ')}: rebuild only those models     default all
  -h, --help        show this help

Exit codes: 0 written, 1 failure (old models left in place), 2 bad usage.`;

/**
 * The models:default command. Returns the exit code.
 *
 * @example
 * process.exitCode = await runDefaultModelsCli([]);
 */
export async function runDefaultModelsCli(
  argv: string[],
  io: CliIo = PROCESS_IO,
  progress: TrainingProgress = consoleProgress(),
): Promise<number> {
  return withExitCodes('models:default', io, async () => {
    const flags = parseFlags(argv, {
      models: { type: 'string', default: 'models' },
      config: { type: 'string', default: DEFAULT_TRAINING_CONFIG_PATH },
      only: { type: 'string', default: 'all' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(DEFAULT_MODELS_HELP);
      return 0;
    }
    const only = DEFAULT_MODEL_GROUPS.find((group) => group === flags.only);
    if (!only)
      throw new UsageError(`--only must be one of ${DEFAULT_MODEL_GROUPS.join(', ')}; got "${flags.only}".`);
    mkdirSync(flags.models, { recursive: true });
    const results = await buildDefaultModels({
      modelsDir: flags.models,
      config: loadTrainingConfig(flags.config),
      progress,
      codeVersion: gitCommit(),
      only,
    });
    for (const line of trainingSummary(results)) io.stdout(line);
    return 0;
  });
}
