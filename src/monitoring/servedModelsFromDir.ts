import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadModelBundle,
  REFERENCE_FILE,
  readProductionPointer,
  TASKS,
  versionDir,
} from '../registry/index.ts';
import { readJsonFile } from '../registry/readJsonFile.ts';
import { ReferenceSchema } from './reference.ts';
import type { ServedModel } from './servedModel.ts';

/**
 * The served model of every task in a registry folder, through the registry's read functions:
 * `models/<task>/production.json` → `<version>/model.json` and `<version>/reference.json`. Tasks
 * without a production pointer are left out; an invalid pointer, bundle or reference is an error
 * naming the file. A version without `reference.json` is served with `reference: null`.
 *
 * @example
 * servedModelsFromDir('models').map((m) => `${m.task} ${m.version}`);
 */
export function servedModelsFromDir(modelsDir: string): ServedModel[] {
  const served: ServedModel[] = [];
  for (const task of TASKS) {
    const pointer = readProductionPointer(modelsDir, task);
    if (!pointer) continue;
    const dir = versionDir(modelsDir, task, pointer.version);
    const bundle = loadModelBundle(dir, { task });
    const referencePath = join(dir, REFERENCE_FILE);
    let reference = null;
    if (existsSync(referencePath)) {
      const parsed = ReferenceSchema.safeParse(readJsonFile(referencePath, 'reference'));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `${referencePath} is not a valid reference (${issue?.path.join('.')}: ${issue?.message}); retrain to rewrite it.`,
        );
      }
      reference = parsed.data;
    }
    served.push({
      task,
      version: pointer.version,
      featureNames: bundle.featureNames,
      threshold: bundle.threshold,
      reference,
    });
  }
  return served;
}
