import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelStore } from '../../src/api/models/index.ts';
import { productionPointerPath, RegistryError, readProductionPointer } from '../../src/registry/index.ts';
import { runRollbackCli } from '../../src/training/cli/rollbackCli.ts';
import { rollback } from '../../src/training/promotion/rollback.ts';
import {
  CHURN_V1,
  CHURN_V2,
  churnArtifact,
  writeTinyRegistry,
  writeVersion,
} from '../api/helpers/tinyModels.ts';

let root: string;
let modelsDir: string;
/** A servable churn version outside the registry: what a traversal would reach. */
let outsideVersion: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'version-paths-'));
  modelsDir = join(root, 'models');
  writeTinyRegistry(modelsDir);
  writeVersion(join(root, 'evil'), 'churn', CHURN_V2, churnArtifact(3));
  outsideVersion = `../../evil/churn/${CHURN_V2}`;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pointerText = () => readFileSync(productionPointerPath(modelsDir, 'churn'), 'utf8');

describe('version ids never leave the registry', () => {
  it('rollback --to a path outside MODELS_DIR is refused and the pointer is untouched', async () => {
    const before = pointerText();
    expect(() => rollback(modelsDir, 'churn', { to: outsideVersion })).toThrow(RegistryError);
    expect(() => rollback(modelsDir, 'churn', { to: outsideVersion })).toThrow(/is not a churn version id/);
    let stderr = '';
    const code = await runRollbackCli(['--task', 'churn', '--models', modelsDir, '--to', outsideVersion], {
      stdout: () => {},
      stderr: (text) => (stderr += text),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--to ".*evil.*" is not a version id/);
    expect(pointerText()).toBe(before);
  });

  it('a hand-edited pointer naming a path is refused on reload; the old model keeps serving', () => {
    const store = new ModelStore({ modelsDir, logger: pino({ level: 'silent' }) });
    store.reloadAll();
    const pointer = JSON.parse(pointerText());
    writeFileSync(
      productionPointerPath(modelsDir, 'churn'),
      JSON.stringify({ ...pointer, version: outsideVersion, previousVersion: CHURN_V1 }),
    );
    expect(() => readProductionPointer(modelsDir, 'churn')).toThrow(/must be a version id/);
    const outcome = store.reload('churn');
    expect(outcome).toMatchObject({ outcome: 'refused', version: CHURN_V1 });
    expect(store.get('churn')?.version).toBe(CHURN_V1);
  });

  it('a version folder that links outside the registry is refused', () => {
    symlinkSync(join(root, 'evil', 'churn', CHURN_V2), join(modelsDir, 'churn', CHURN_V2));
    const store = new ModelStore({ modelsDir, logger: pino({ level: 'silent' }) });
    store.reloadAll();
    expect(() => rollback(modelsDir, 'churn', { to: CHURN_V2 })).toThrow(/outside its task folder/);
    const pointer = JSON.parse(pointerText());
    writeFileSync(
      productionPointerPath(modelsDir, 'churn'),
      JSON.stringify({ ...pointer, version: CHURN_V2 }),
    );
    expect(store.reload('churn')).toMatchObject({ outcome: 'refused', version: CHURN_V1 });
  });
});
