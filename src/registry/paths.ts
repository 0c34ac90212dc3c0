import { join } from 'node:path';
import type { RegistryTask } from './schema.ts';

/**
 * Where things live in a registry folder (see schema.ts for the layout).
 *
 * @example
 * productionPointerPath('models', 'churn'); // 'models/churn/production.json'
 */
export function taskDir(modelsDir: string, task: RegistryTask): string {
  return join(modelsDir, task);
}

export function versionDir(modelsDir: string, task: RegistryTask, version: string): string {
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
export const REFERENCE_FILE = 'reference.json';
export const REPORT_FILE = 'report.md';
