import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTrainingConfig, type TrainingConfig } from '../../src/training/config.ts';

/**
 * The checked-in config with every model shrunk (few trees, shallow) so a full run takes seconds.
 * Written to `dir/training.json`; returns its path and contents.
 */
export function writeSmallConfig(dir: string): { path: string; config: TrainingConfig } {
  const config = loadTrainingConfig();
  const shrink = (params: Record<string, unknown>) => ({
    ...params,
    ...(typeof params.nEstimators === 'number' ? { nEstimators: 8 } : {}),
    ...(params.maxDepth !== undefined && params.maxDepth !== null ? { maxDepth: 4 } : {}),
  });
  for (const task of ['churn', 'session-value'] as const) {
    for (const spec of config[task].models) {
      spec.params = shrink(spec.params);
      if (spec.grid)
        spec.grid = Object.fromEntries(
          Object.entries(spec.grid)
            .slice(0, 1)
            .map(([k, v]) => [k, v.slice(0, 2)]),
        );
    }
  }
  config.permutationRows = 300;
  // Small test sets: a retrain still compares (the default asks for 200 unseen sessions).
  for (const task of ['churn', 'session-value'] as const) config.promotion[task].minEvaluationSessions = 20;
  const path = join(dir, 'training.json');
  writeFileSync(path, JSON.stringify(config));
  return { path, config };
}
