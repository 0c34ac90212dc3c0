import { join } from 'node:path';
import { RegistryError } from './errors.ts';
import { type RegistryTask, VERSION_ID_PATTERN } from './schema.ts';

/**
 * Where things live in a registry folder (see schema.ts for the layout).
 *
 * @example
 * productionPointerPath('models', 'churn'); // 'models/churn/production.json'
 */
export function taskDir(modelsDir: string, task: RegistryTask): string {
  return join(modelsDir, task);
}

/**
 * The folder of one version. Every reader and writer of a version goes through here, so an id
 * that is not the registry's format (`../../elsewhere/…`, from a hand-edited pointer or `--to`) is
 * refused before it becomes a path.
 */
export function versionDir(modelsDir: string, task: RegistryTask, version: string): string {
  if (!VERSION_ID_PATTERN.test(version)) {
    throw new RegistryError(
      `${JSON.stringify(version)} is not a ${task} version id (YYYYMMDDTHHMMSSZ-<8 hex digits>, a folder of ${taskDir(modelsDir, task)}); list them with \`ls ${taskDir(modelsDir, task)}\`.`,
      taskDir(modelsDir, task),
    );
  }
  return join(modelsDir, task, version);
}

export function productionPointerPath(modelsDir: string, task: RegistryTask): string {
  return join(modelsDir, task, 'production.json');
}

export function historyPath(modelsDir: string, task: RegistryTask): string {
  return join(modelsDir, task, 'history.jsonl');
}

/** The files of one version folder. */
export const BUNDLE_FILE = 'model.json';
export const METRICS_FILE = 'metrics.json';
/** Customer value: first-purchase-month cohort matrices of the training transactions. */
export const COHORTS_FILE = 'cohorts.json';
export const REFERENCE_FILE = 'reference.json';
export const REPORT_FILE = 'report.md';
