import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingProgress } from '../../cli/progress.ts';
import { writeSimulatedLog } from '../../data/simulator/index.ts';
import { prepareDataset } from '../../dataset/prepareDataset.ts';
import { readProcessedTable } from '../../dataset/processedTable.ts';
import { CUSTOMER_TASK, TASKS } from '../../registry/index.ts';
import { buildDefaultCustomerModel } from '../clv/defaultCustomerModel.ts';
import type { TrainingConfig } from '../config.ts';
import { type TrainedTask, trainAll } from './trainAll.ts';

/**
 * How the committed default models are made: the simulator's default data set (the defaults of
 * `npm run data:generate`), prepared, trained with config/training.json. Recorded in every default
 * bundle (`params.training.recipe`) so a test can tell the committed models came from this recipe.
 */
export const DEFAULT_MODELS_RECIPE = {
  command: 'npm run models:default',
  sessions: 50000,
  seed: 42,
  rawPath: 'data/raw/default/alibaba_behavior.txt',
  dataDir: 'data/processed/default',
} as const;

/** Which default models a rebuild replaces: all of them, the two session models, or the customer model. */
export const DEFAULT_MODEL_GROUPS = ['all', 'sessions', 'customer-value'] as const;
export type DefaultModelGroup = (typeof DEFAULT_MODEL_GROUPS)[number];

/**
 * Rebuild the default production models from scratch: simulate, prepare, train, promote, and
 * replace `modelsDir/<task>/` for both session tasks and the customer-value task, or only the
 * group asked for (the new registry is built beside it and moved in place, so a failed run leaves
 * the old models).
 *
 * @example
 * await buildDefaultModels({ modelsDir: 'models', config, progress: consoleProgress(), codeVersion: gitCommit() });
 */
export async function buildDefaultModels(options: {
  modelsDir: string;
  config: TrainingConfig;
  progress: TrainingProgress;
  codeVersion: string | null;
  only?: DefaultModelGroup;
}): Promise<TrainedTask[]> {
  const { progress, only = 'all' } = options;
  const sessions = only !== 'customer-value';
  const customers = only !== 'sessions';
  const staging = mkdtempSync(join(options.modelsDir, '.default-'));
  try {
    const results = sessions ? await buildDefaultSessionModels({ ...options, staging }) : [];
    if (customers)
      buildDefaultCustomerModel({ modelsDir: staging, progress, codeVersion: options.codeVersion });
    const tasks = [...(sessions ? TASKS : []), ...(customers ? [CUSTOMER_TASK] : [])];
    for (const task of tasks) {
      const target = join(options.modelsDir, task);
      if (existsSync(target)) rmSync(target, { recursive: true });
      renameSync(join(staging, task), target);
    }
    return results.map((r) => ({ ...r, dir: r.dir.replace(staging, options.modelsDir) }));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function buildDefaultSessionModels(options: {
  staging: string;
  config: TrainingConfig;
  progress: TrainingProgress;
  codeVersion: string | null;
}): Promise<TrainedTask[]> {
  const recipe = DEFAULT_MODELS_RECIPE;
  const { progress } = options;
  progress.log(`Simulating ${recipe.sessions} sessions (seed ${recipe.seed}) → ${recipe.rawPath}`);
  await writeSimulatedLog({ outPath: recipe.rawPath, sessions: recipe.sessions, seed: recipe.seed });
  progress.log(`Preparing → ${recipe.dataDir}`);
  await prepareDataset({
    inputs: [recipe.rawPath],
    outDir: recipe.dataDir,
    onMessage: (line) => progress.log(line),
  });
  return trainAll({
    dataDir: recipe.dataDir,
    table: readProcessedTable(recipe.dataDir),
    modelsDir: options.staging,
    config: options.config,
    useGrid: false,
    promote: 'always',
    progress,
    command: recipe.command,
    codeVersion: options.codeVersion,
    recipe: { command: recipe.command, sessions: recipe.sessions, seed: recipe.seed },
  });
}
