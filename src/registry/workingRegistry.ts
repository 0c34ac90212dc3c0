import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyPath, productionPointerPath, taskDir, versionDir } from './paths.ts';
import { REGISTRY_TASKS, VERSION_ID_PATTERN } from './schema.ts';

/** The committed default models: a read-only seed (only `npm run models:default` rewrites it). */
export const SEED_MODELS_DIR = 'models';
/** Where train, retrain, rollback and the service work: git-ignored, seeded from the seed. */
export const WORKING_MODELS_DIR = 'var/models';

/**
 * The registry a command works on: its `--models` flag, else `MODELS_DIR`, else the working
 * registry `var/models`.
 *
 * @example
 * resolveModelsDir(flags.models); // 'var/models'
 */
export function resolveModelsDir(
  flag?: string,
  env: Record<string, string | undefined> = process.env,
): string {
  return flag || env.MODELS_DIR || WORKING_MODELS_DIR;
}

export interface SeedResult {
  /** `task/version` folders copied from the seed. */
  copiedVersions: string[];
  /** Tasks whose production pointer (and history) came from the seed. */
  seededPointers: string[];
}

/**
 * Fill the working registry `modelsDir` from the seed: every seed version it lacks is copied
 * (never overwritten), and a task with no production pointer gets the seed's pointer and history.
 * A registry that already serves something keeps its own production and history, so a later
 * `git pull` with new default models adds their versions without moving production. Nothing happens
 * when the two are the same folder or the seed is missing. Safe against a concurrent seeding: a
 * version is copied under a temporary name and renamed into place.
 *
 * @example
 * seedWorkingRegistry('var/models'); // { copiedVersions: ['churn/20261123T…'], seededPointers: ['churn'] }
 */
export function seedWorkingRegistry(modelsDir: string, seedDir: string = SEED_MODELS_DIR): SeedResult {
  const result: SeedResult = { copiedVersions: [], seededPointers: [] };
  if (resolve(modelsDir) === resolve(seedDir) || !existsSync(seedDir)) return result;
  for (const task of REGISTRY_TASKS) {
    const seedTask = taskDir(seedDir, task);
    if (!existsSync(seedTask)) continue;
    mkdirSync(taskDir(modelsDir, task), { recursive: true });
    for (const version of readdirSync(seedTask)) {
      if (!VERSION_ID_PATTERN.test(version) || existsSync(versionDir(modelsDir, task, version))) continue;
      const temp = join(taskDir(modelsDir, task), `.seed-${process.pid}-${version}`);
      cpSync(versionDir(seedDir, task, version), temp, { recursive: true });
      try {
        renameSync(temp, versionDir(modelsDir, task, version));
        result.copiedVersions.push(`${task}/${version}`);
      } catch {
        rmSync(temp, { recursive: true, force: true }); // another process seeded it first
      }
    }
    const pointer = productionPointerPath(modelsDir, task);
    if (!existsSync(pointer) && existsSync(productionPointerPath(seedDir, task))) {
      if (existsSync(historyPath(seedDir, task)) && !existsSync(historyPath(modelsDir, task))) {
        copyFileSync(historyPath(seedDir, task), historyPath(modelsDir, task));
      }
      // The pointer last: a reader that sees it finds its version already in place.
      const temp = `${pointer}.seed-${process.pid}`;
      copyFileSync(productionPointerPath(seedDir, task), temp);
      renameSync(temp, pointer);
      result.seededPointers.push(task);
    }
  }
  return result;
}

/**
 * Seed `modelsDir` only when it is the working registry `var/models`: a registry named explicitly
 * elsewhere (`--models`, `MODELS_DIR`) is the operator's own, empty until something is trained or
 * promoted into it, as tests and deployments with their own volume expect.
 *
 * @example
 * seedIfWorkingRegistry(config.MODELS_DIR, config.SEED_MODELS_DIR);
 */
export function seedIfWorkingRegistry(modelsDir: string, seedDir: string = SEED_MODELS_DIR): SeedResult {
  if (resolve(modelsDir) !== resolve(WORKING_MODELS_DIR)) return { copiedVersions: [], seededPointers: [] };
  return seedWorkingRegistry(modelsDir, seedDir);
}

/**
 * `resolveModelsDir`, then `seedIfWorkingRegistry`: the registry folder a command should use, ready.
 *
 * @example
 * const modelsDir = openWorkingRegistry(flags.models); // 'var/models', seeded
 */
export function openWorkingRegistry(
  flag?: string,
  env: Record<string, string | undefined> = process.env,
): string {
  const modelsDir = resolveModelsDir(flag, env);
  seedIfWorkingRegistry(modelsDir, env.SEED_MODELS_DIR || SEED_MODELS_DIR);
  return modelsDir;
}
