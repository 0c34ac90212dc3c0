import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AtomicWriteOptions, writeFileAtomic } from './atomicWrite.ts';
import { RegistryError } from './errors.ts';
import { BUNDLE_FILE, productionPointerPath, versionDir } from './paths.ts';
import { describeIssues, readJsonFile } from './readJsonFile.ts';
import { type ProductionPointer, ProductionPointerSchema, type RegistryTask } from './schema.ts';

/**
 * The served version of a task, or null when the task has no production pointer yet. A pointer
 * that exists but is unreadable or invalid is an error (never silently "no model").
 *
 * @example
 * readProductionPointer('models', 'churn')?.version; // '20261123T083000Z-1a2b3c4d'
 */
export function readProductionPointer(modelsDir: string, task: RegistryTask): ProductionPointer | null {
  const path = productionPointerPath(modelsDir, task);
  if (!existsSync(path)) return null;
  const parsed = ProductionPointerSchema.safeParse(readJsonFile(path, 'production pointer'));
  if (!parsed.success) {
    throw new RegistryError(
      `Production pointer ${path} is invalid (${describeIssues(parsed.error.issues)}); run \`npm run rollback -- --task ${task}\` or retrain.`,
      path,
    );
  }
  if (parsed.data.task !== task) {
    throw new RegistryError(
      `Production pointer ${path} is for task "${parsed.data.task}", not "${task}".`,
      path,
    );
  }
  return parsed.data;
}

/**
 * The `model.json` of the served version, or null when the task has no production pointer.
 *
 * @example
 * const path = productionBundlePath('models', 'churn'); // 'models/churn/<version>/model.json'
 */
export function productionBundlePath(modelsDir: string, task: RegistryTask): string | null {
  const pointer = readProductionPointer(modelsDir, task);
  return pointer ? join(versionDir(modelsDir, task, pointer.version), BUNDLE_FILE) : null;
}

/**
 * Point production at `pointer.version`, atomically (temp file + fsync + rename): a running API
 * that re-reads the pointer sees the old version or the new one, never a torn file. The version
 * folder must exist with its `model.json`, so a pointer never names a missing model.
 *
 * @example
 * writeProductionPointer('models', { task: 'churn', version, promotedAt: new Date().toISOString(),
 *   previousVersion: null, reason: 'first model' });
 */
export function writeProductionPointer(
  modelsDir: string,
  pointer: ProductionPointer,
  options: AtomicWriteOptions = {},
): void {
  const checked = ProductionPointerSchema.parse(pointer);
  const bundlePath = join(versionDir(modelsDir, checked.task, checked.version), BUNDLE_FILE);
  if (!existsSync(bundlePath)) {
    throw new RegistryError(
      `Cannot point ${checked.task} production at ${checked.version}: ${bundlePath} does not exist.`,
      bundlePath,
    );
  }
  const path = productionPointerPath(modelsDir, checked.task);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(checked, null, 2)}\n`, options);
}
