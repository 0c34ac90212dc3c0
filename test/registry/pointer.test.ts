import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  productionBundlePath,
  productionPointerPath,
  readProductionPointer,
  writeProductionPointer,
} from '../../src/registry/index.ts';
import { churnBundle, removeTempDirs, tempModelsDir, writeBundle } from './registryFixture.ts';

afterAll(removeTempDirs);

const V1 = '20261123T080000Z-aaaaaaaa';
const V2 = '20261123T090000Z-bbbbbbbb';

function pointerTo(version: string, previousVersion: string | null) {
  return {
    task: 'churn' as const,
    version,
    promotedAt: '2026-11-23T09:00:00.000Z',
    previousVersion,
    reason: 'test',
  };
}

describe('production pointer', () => {
  it('reads null when a task has no production yet', () => {
    expect(readProductionPointer(tempModelsDir(), 'churn')).toBeNull();
    expect(productionBundlePath(tempModelsDir(), 'churn')).toBeNull();
  });

  it('round-trips a written pointer and resolves the bundle path', () => {
    const models = tempModelsDir();
    writeBundle(models, V1, churnBundle(V1));
    writeProductionPointer(models, pointerTo(V1, null));
    expect(readProductionPointer(models, 'churn')).toEqual(pointerTo(V1, null));
    expect(productionBundlePath(models, 'churn')).toBe(join(models, 'churn', V1, 'model.json'));
  });

  it('refuses to point at a version that has no model.json', () => {
    const models = tempModelsDir();
    expect(() => writeProductionPointer(models, pointerTo(V2, null))).toThrow(/does not exist/);
    expect(readProductionPointer(models, 'churn')).toBeNull();
  });

  it('keeps the old pointer intact when a write fails between the temp file and the rename', () => {
    const models = tempModelsDir();
    writeBundle(models, V1, churnBundle(V1));
    writeBundle(models, V2, churnBundle(V2));
    writeProductionPointer(models, pointerTo(V1, null));
    const before = readFileSync(productionPointerPath(models, 'churn'), 'utf8');
    let tempSeen = '';
    expect(() =>
      writeProductionPointer(models, pointerTo(V2, V1), {
        beforeRename: (tempPath) => {
          tempSeen = readFileSync(tempPath, 'utf8');
          throw new Error('simulated crash before rename');
        },
      }),
    ).toThrow(/simulated crash/);
    // The new content was complete in the temp file, yet the pointer still holds the old version …
    expect(JSON.parse(tempSeen).version).toBe(V2);
    expect(readFileSync(productionPointerPath(models, 'churn'), 'utf8')).toBe(before);
    // … and no temp file is left to be mistaken for anything.
    expect(readdirSync(join(models, 'churn')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the pointer only through a rename of a complete temp file', () => {
    const models = tempModelsDir();
    writeBundle(models, V1, churnBundle(V1));
    writeBundle(models, V2, churnBundle(V2));
    writeProductionPointer(models, pointerTo(V1, null));
    let pointerDuringWrite = '';
    writeProductionPointer(models, pointerTo(V2, V1), {
      beforeRename: () => {
        pointerDuringWrite = readFileSync(productionPointerPath(models, 'churn'), 'utf8');
      },
    });
    expect(JSON.parse(pointerDuringWrite).version).toBe(V1);
    expect(readProductionPointer(models, 'churn')?.version).toBe(V2);
  });

  it('fails with a clear error on a torn or invalid pointer file', () => {
    const models = tempModelsDir();
    writeBundle(models, V1, churnBundle(V1));
    writeProductionPointer(models, pointerTo(V1, null));
    writeFileSync(productionPointerPath(models, 'churn'), '{"task": "churn", "vers');
    expect(() => readProductionPointer(models, 'churn')).toThrow(/production pointer .* is not valid JSON/);
    writeFileSync(productionPointerPath(models, 'churn'), '{"task": "churn"}');
    expect(() => readProductionPointer(models, 'churn')).toThrow(/is invalid \(version/);
  });
});
