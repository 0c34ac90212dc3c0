import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openWorkingRegistry,
  productionPointerPath,
  resolveModelsDir,
  seedIfWorkingRegistry,
  seedWorkingRegistry,
} from '../../src/registry/index.ts';
import { removeTempDirs, tempModelsDir } from './registryFixture.ts';

afterAll(removeTempDirs);

const SEED = 'models';
const seedVersions = (task: string) => readdirSync(join(SEED, task)).filter((f) => /^\d{8}T/.test(f));

describe('the working registry, seeded from the committed default models', () => {
  it('copies every seed version, the production pointers and the history into an empty registry', () => {
    const working = join(tempModelsDir(), 'var', 'models');
    const result = seedWorkingRegistry(working, SEED);
    expect(result.seededPointers).toEqual(['churn', 'session-value', 'customer-value']);
    for (const task of ['churn', 'session-value', 'customer-value'] as const) {
      for (const version of seedVersions(task)) {
        expect(readFileSync(join(working, task, version, 'model.json'), 'utf8')).toBe(
          readFileSync(join(SEED, task, version, 'model.json'), 'utf8'),
        );
      }
      expect(readFileSync(join(working, task, 'production.json'), 'utf8')).toBe(
        readFileSync(join(SEED, task, 'production.json'), 'utf8'),
      );
      expect(existsSync(join(working, task, 'history.jsonl'))).toBe(true);
    }
    expect(readdirSync(join(working, 'churn')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('never moves a working production pointer, but adds seed versions it lacks', () => {
    const seed = tempModelsDir();
    cpSync(SEED, seed, { recursive: true });
    const working = tempModelsDir();
    seedWorkingRegistry(working, seed);
    const ownPointer = '{"task":"churn","version":"20991231T000000Z-00000000"}';
    writeFileSync(productionPointerPath(working, 'churn'), ownPointer);
    // A `git pull` brought a new default version into the seed.
    const [version] = seedVersions('churn');
    const newer = version.replace(/^\d{8}/, '20300101');
    cpSync(join(seed, 'churn', version), join(seed, 'churn', newer), { recursive: true });
    const again = seedWorkingRegistry(working, seed);
    expect(again).toEqual({ copiedVersions: [`churn/${newer}`], seededPointers: [] });
    expect(readFileSync(productionPointerPath(working, 'churn'), 'utf8')).toBe(ownPointer);
  });

  it('does nothing when the registry is the seed itself or there is no seed', () => {
    expect(seedWorkingRegistry(SEED, `./${SEED}`)).toEqual({ copiedVersions: [], seededPointers: [] });
    const working = tempModelsDir();
    expect(seedWorkingRegistry(working, join(working, 'absent'))).toEqual({
      copiedVersions: [],
      seededPointers: [],
    });
  });

  it('is var/models unless --models or MODELS_DIR says otherwise, and only var/models is seeded', () => {
    expect(resolveModelsDir(undefined, {})).toBe('var/models');
    expect(resolveModelsDir(undefined, { MODELS_DIR: '/srv/models' })).toBe('/srv/models');
    expect(resolveModelsDir('other', { MODELS_DIR: '/srv/models' })).toBe('other');
    // A registry named explicitly is the operator's own: not seeded (empty until trained into).
    const own = join(tempModelsDir(), 'own');
    expect(openWorkingRegistry(undefined, { MODELS_DIR: own, SEED_MODELS_DIR: SEED })).toBe(own);
    expect(existsSync(own)).toBe(false);
    expect(seedIfWorkingRegistry(own, SEED)).toEqual({ copiedVersions: [], seededPointers: [] });
  });
});
