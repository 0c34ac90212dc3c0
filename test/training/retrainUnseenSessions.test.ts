import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SILENT_PROGRESS } from '../../src/cli/progress.ts';
import { writeSimulatedLog } from '../../src/data/simulator/index.ts';
import type { PromotionDecision } from '../../src/registry/index.ts';
import { runRetrainCli } from '../../src/training/cli/index.ts';
import { DEFAULT_MODELS_RECIPE } from '../../src/training/run/defaultModels.ts';
import { removeTempDirs, tempDir } from './registryFixtures.ts';
import { writeSmallConfig } from './smallConfig.ts';

afterAll(removeTempDirs);

const root = tempDir('retrain-unseen-');
let configPath = '';
beforeAll(() => {
  configPath = writeSmallConfig(root).path;
});

/** Retrain a copy of the committed default models on `sessions` simulated sessions of `seed`. */
async function retrainDefaultsOn(sessions: number, seed: number) {
  const dir = tempDir('retrain-unseen-run-');
  const models = join(dir, 'models');
  cpSync('models', models, { recursive: true });
  const raw = join(dir, 'raw.txt');
  await writeSimulatedLog({ outPath: raw, sessions, seed });
  const out: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
  const args = ['--input', raw, '--data', join(dir, 'processed'), '--models', models, '--config', configPath];
  const code = await runRetrainCli([...args, '--json'], io, SILENT_PROGRESS);
  expect(code, out.join('\n')).toBe(0);
  return (JSON.parse(out.join('\n')) as { decisions: PromotionDecision[] }).decisions;
}

describe('retrain judges candidate and production only on sessions neither was trained on', () => {
  it(`excludes every test session of a ${DEFAULT_MODELS_RECIPE.seed}-seeded prefix of the default data, so nothing is promoted`, async () => {
    // 5,000 sessions with the default models' seed are the first 5,000 of their training data.
    const decisions = await retrainDefaultsOn(5000, DEFAULT_MODELS_RECIPE.seed);
    expect(decisions.map((d) => d.task)).toEqual(['churn', 'session-value']);
    for (const decision of decisions) {
      expect(decision.action).toBe('kept');
      expect(decision.evaluation?.sessions).toBe(0);
      expect(decision.evaluation?.excludedSeenInTraining).toBeGreaterThan(600); // the 15 % test split
      expect(decision.productionScore).toBeNull();
      expect(decision.reason).toMatch(/only 0 test sessions were seen by neither .* production kept/);
    }
  });

  it('compares fairly on a fresh seed: (almost) nothing excluded, both scored', async () => {
    const decisions = await retrainDefaultsOn(2000, 4242);
    for (const decision of decisions) {
      const { sessions = 0, excludedSeenInTraining = 0 } = decision.evaluation ?? {};
      expect(sessions).toBeGreaterThan(250);
      // Only Bloom-filter false positives (1 %) may drop an unseen session.
      expect(excludedSeenInTraining).toBeLessThanOrEqual(
        Math.ceil(0.03 * (sessions + excludedSeenInTraining)),
      );
      expect(decision.candidateScore).not.toBeNull();
      expect(decision.productionScore).not.toBeNull();
      expect(decision.reason).not.toMatch(/records no training sessions/);
    }
  });
});
