import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelBundleSchema, ProductionPointerSchema, TASKS } from '../registry/schema.ts';
import { ReferenceSchema } from './reference.ts';
import type { ServedModel } from './servedModel.ts';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot be read as JSON (${(error as Error).message}).`);
  }
}

/**
 * The served model of every task in a registry folder: `models/<task>/production.json` →
 * `models/<task>/<version>/model.json` and `reference.json`. Tasks without a production pointer are
 * left out; a pointer to a missing or invalid bundle is an error that names the file.
 *
 * @example
 * servedModelsFromDir('models').map((m) => `${m.task} ${m.version}`);
 */
export function servedModelsFromDir(modelsDir: string): ServedModel[] {
  const served: ServedModel[] = [];
  for (const task of TASKS) {
    const pointerPath = join(modelsDir, task, 'production.json');
    if (!existsSync(pointerPath)) continue;
    const pointer = ProductionPointerSchema.parse(readJson(pointerPath));
    const versionDir = join(modelsDir, task, pointer.version);
    const bundle = ModelBundleSchema.safeParse(readJson(join(versionDir, 'model.json')));
    if (!bundle.success) {
      throw new Error(
        `${join(versionDir, 'model.json')} is not a valid model bundle: ${bundle.error.issues[0]?.message}.`,
      );
    }
    const referencePath = join(versionDir, 'reference.json');
    let reference = null;
    if (existsSync(referencePath)) {
      const parsed = ReferenceSchema.safeParse(readJson(referencePath));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `${referencePath} is not a valid reference: ${issue?.path.join('.')}: ${issue?.message}.`,
        );
      }
      reference = parsed.data;
    }
    served.push({
      task,
      version: pointer.version,
      featureNames: bundle.data.featureNames,
      threshold: bundle.data.threshold,
      reference,
    });
  }
  return served;
}
