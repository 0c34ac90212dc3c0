import type { Predictor } from '../ml/estimator.ts';
import { loadPredictor } from '../ml/inference/index.ts';
import { type BundleExpectations, loadModelBundle } from './bundle.ts';
import { RegistryError } from './errors.ts';
import { BUNDLE_FILE, versionDir } from './paths.ts';
import { readProductionPointer } from './pointer.ts';
import type { ModelBundle, ProductionPointer, Task } from './schema.ts';

/** A version ready to serve: its bundle and the predictor built from its artifact. */
export interface LoadedModel {
  bundle: ModelBundle;
  predictor: Predictor;
}

/**
 * Load one version and build its predictor; a bundle whose artifact the inference code refuses is
 * a RegistryError naming the file.
 *
 * @example
 * const { bundle, predictor } = loadVersion('models', 'churn', version, { featureVersion: FEATURE_VERSION });
 */
export function loadVersion(
  modelsDir: string,
  task: Task,
  version: string,
  expected: BundleExpectations = {},
): LoadedModel {
  const dir = versionDir(modelsDir, task, version);
  const bundle = loadModelBundle(dir, { ...expected, task });
  try {
    return { bundle, predictor: loadPredictor(bundle.artifact) };
  } catch (error) {
    const path = `${dir}/${BUNDLE_FILE}`;
    throw new RegistryError(
      `Model bundle ${path} holds an artifact inference refuses: ${(error as Error).message}`,
      path,
    );
  }
}

/**
 * The served model of a task (pointer → bundle → predictor), or null when there is no pointer.
 *
 * @example
 * const served = loadProductionModel('models', 'churn', { featureVersion: FEATURE_VERSION, featureNames: FEATURE_NAMES });
 * served?.predictor.predictRow(x);
 */
export function loadProductionModel(
  modelsDir: string,
  task: Task,
  expected: BundleExpectations = {},
): (LoadedModel & { pointer: ProductionPointer }) | null {
  const pointer = readProductionPointer(modelsDir, task);
  if (!pointer) return null;
  return { pointer, ...loadVersion(modelsDir, task, pointer.version, expected) };
}
