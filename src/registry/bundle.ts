import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RegistryError } from './errors.ts';
import { BUNDLE_FILE } from './paths.ts';
import { describeIssues, readJsonFile } from './readJsonFile.ts';
import { type ModelBundle, ModelBundleSchema } from './schema.ts';

/** What the caller expects of a bundle; every given field is checked. */
export interface BundleExpectations {
  /** The FEATURE_VERSION of the running code. */
  featureVersion?: string;
  /** The FEATURE_NAMES of the running code, in order. */
  featureNames?: readonly string[];
  task?: ModelBundle['task'];
}

/**
 * Read and validate `<versionDir>/model.json`: zod schema, folder name equals the version, the
 * artifact's feature names equal the bundle's, and (when given) the expected feature version,
 * feature names and task. Anything else is refused with a RegistryError saying what and how to fix.
 *
 * @example
 * const bundle = loadModelBundle('models/churn/20261123T083000Z-1a2b3c4d', { featureVersion: FEATURE_VERSION });
 */
export function loadModelBundle(versionDir: string, expected: BundleExpectations = {}): ModelBundle {
  const path = join(versionDir, BUNDLE_FILE);
  refuseLinkOutside(versionDir);
  const parsed = ModelBundleSchema.safeParse(readJsonFile(path, 'model bundle'));
  if (!parsed.success) {
    throw new RegistryError(
      `Model bundle ${path} is invalid (${describeIssues(parsed.error.issues)}); retrain with \`npm run train\`.`,
      path,
    );
  }
  const bundle = parsed.data;
  if (bundle.version !== basename(versionDir)) {
    throw new RegistryError(
      `Model bundle ${path} says version ${bundle.version} but lives in folder ${basename(versionDir)}; a bundle must stay in its own version folder.`,
      path,
    );
  }
  const mismatch = firstDifference(bundle.artifact.featureNames, bundle.featureNames);
  if (mismatch) {
    throw new RegistryError(
      `Model bundle ${path}: the artifact's feature names differ from the bundle's (${mismatch}).`,
      path,
    );
  }
  if (expected.task !== undefined && bundle.task !== expected.task) {
    throw new RegistryError(
      `Model bundle ${path} is a ${bundle.task} model, expected ${expected.task}.`,
      path,
    );
  }
  if (expected.featureVersion !== undefined && bundle.featureVersion !== expected.featureVersion) {
    throw new RegistryError(
      `Model bundle ${path} was trained on feature version ${bundle.featureVersion}, but the code computes ${expected.featureVersion}; retrain (\`npm run data:prepare && npm run train\`).`,
      path,
    );
  }
  if (expected.featureNames !== undefined) {
    const namesMismatch = firstDifference(bundle.featureNames, expected.featureNames);
    if (namesMismatch) {
      throw new RegistryError(
        `Model bundle ${path} uses other features than the code (${namesMismatch}); retrain with the current features.`,
        path,
      );
    }
  }
  return bundle;
}

/** A sentence about the first difference of two name lists, or null when equal. */
function firstDifference(actual: readonly string[], expected: readonly string[]): string | null {
  if (actual.length !== expected.length) return `${actual.length} names vs ${expected.length} expected`;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) return `column ${i} is "${actual[i]}", expected "${expected[i]}"`;
  }
  return null;
}

/** A version folder that is a link to somewhere else would serve a model from outside the registry. */
function refuseLinkOutside(versionDir: string): void {
  if (!existsSync(versionDir)) return;
  const real = realpathSync(versionDir);
  if (dirname(real) !== realpathSync(dirname(versionDir))) {
    throw new RegistryError(
      `Version folder ${versionDir} resolves to ${real}, outside its task folder; copy the version into the registry instead of linking it.`,
      versionDir,
    );
  }
}
