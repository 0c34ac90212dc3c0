import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE, taskDir } from './paths.ts';
import { type RegistryTask, VERSION_ID_PATTERN } from './schema.ts';

/**
 * A version id from a time and a hash input (data fingerprint + params): sortable by time, and
 * two runs on different data or params in the same second still differ.
 *
 * @example
 * makeVersionId(new Date('2026-11-23T08:30:00Z'), { data, params }); // '20261123T083000Z-…'
 */
export function makeVersionId(createdAt: Date, hashInput: unknown): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${shortHash(hashInput)}`;
}

/** First 8 hex digits of the sha256 of a stable JSON rendering (object keys sorted). */
export function shortHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 8);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * Create a fresh, empty version folder and return its id. When the id is taken (same data and
 * params in the same second), the time moves on by a second, so ids stay unique and sortable.
 *
 * @example
 * const version = createVersionDir('models', 'churn', new Date(), { data, params });
 */
export function createVersionDir(
  modelsDir: string,
  task: RegistryTask,
  createdAt: Date,
  hashInput: unknown,
): string {
  mkdirSync(taskDir(modelsDir, task), { recursive: true });
  for (let offsetSeconds = 0; offsetSeconds < 3600; offsetSeconds++) {
    const version = makeVersionId(new Date(createdAt.getTime() + offsetSeconds * 1000), hashInput);
    try {
      mkdirSync(join(taskDir(modelsDir, task), version));
      return version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(
    `Could not find a free version id for ${task} in ${modelsDir} within an hour of ${createdAt.toISOString()}.`,
  );
}

/**
 * The complete versions of a task (folders named like a version id that hold a `model.json`),
 * oldest first.
 *
 * @example
 * listVersions('models', 'churn').at(-1); // newest version
 */
export function listVersions(modelsDir: string, task: RegistryTask): string[] {
  const dir = taskDir(modelsDir, task);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && VERSION_ID_PATTERN.test(entry.name))
    .filter((entry) => existsSync(join(dir, entry.name, BUNDLE_FILE)))
    .map((entry) => entry.name)
    .sort();
}
