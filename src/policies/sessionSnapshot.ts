import { readProcessedTable } from '../dataset/processedTable.ts';
import { FEATURE_NAMES, FEATURE_VERSION } from '../features/index.ts';
import { createRng } from '../ml/random.ts';
import { loadProductionModel } from '../registry/index.ts';
import type { PolicyPopulation } from './population.ts';
import { estimateTweedieDispersion, sessionPopulation } from './sessionPopulation.ts';

export interface SessionSnapshotOptions {
  /** The processed folder of `npm run data:prepare`. */
  dataDir: string;
  /** The registry with served churn and session-value models. */
  modelsDir: string;
  seed: number;
  /** At most this many sessions (the newest test sessions first; default all). */
  maxSessions?: number;
}

/**
 * A snapshot of live sessions from the test split: each test session observed at one page drawn
 * at random (as if the policy looked at every open session now), scored by the served churn and
 * session-value models. The Tweedie dispersion comes from the same rows' true remaining revenue.
 */
export function sessionSnapshot(
  options: SessionSnapshotOptions,
): PolicyPopulation & { modelVersions: Record<string, string> } {
  const { dataDir, modelsDir, seed } = options;
  const expected = { featureVersion: FEATURE_VERSION, featureNames: FEATURE_NAMES };
  const churnModel = loadProductionModel(modelsDir, 'churn', expected);
  const valueModel = loadProductionModel(modelsDir, 'session-value', expected);
  if (!churnModel || !valueModel) {
    throw new Error(
      `${modelsDir} has no served churn or session-value model; run \`npm run train\` or \`npm run models:default\`.`,
    );
  }
  const table = readProcessedTable(dataDir);
  // Rows of each test session (rows of a session are contiguous).
  const starts: number[] = [];
  const ends: number[] = [];
  for (let row = 0; row < table.split.length; row++) {
    if (table.split[row] !== 2) continue;
    if (starts.length > 0 && table.sessionId[row] === table.sessionId[row - 1] && ends.at(-1) === row)
      ends[ends.length - 1] = row + 1;
    else {
      starts.push(row);
      ends.push(row + 1);
    }
  }
  if (starts.length === 0)
    throw new Error(`${dataDir} has no test sessions; prepare more data (npm run data:prepare).`);
  const count = Math.min(starts.length, options.maxSessions ?? starts.length);
  const first = starts.length - count;
  const rng = createRng(seed);
  const churnProbability = new Float64Array(count);
  const value = new Float64Array(count);
  const actual = new Float64Array(count);
  const x = new Float64Array(table.X.nCols);
  for (let k = 0; k < count; k++) {
    const s = first + k;
    const row = starts[s] + Math.floor(rng() * (ends[s] - starts[s]));
    table.X.row(row, x);
    churnProbability[k] = churnModel.predictor.predictRow(x);
    value[k] = valueModel.predictor.predictRow(x);
    actual[k] = table.remainingRevenue[row];
  }
  const valueParams = valueModel.bundle.artifact.params as { loss?: string; tweedieVariancePower?: number };
  if (valueParams.loss !== 'tweedie' || valueParams.tweedieVariancePower === undefined) {
    throw new Error(
      `the served session-value model (${valueModel.bundle.version}) is not a Tweedie model; the session simulation draws revenue from its Tweedie distribution.`,
    );
  }
  const power = valueParams.tweedieVariancePower;
  return {
    ...sessionPopulation({
      churnProbability,
      value,
      tweediePower: power,
      dispersion: estimateTweedieDispersion(actual, value, power),
      seed,
    }),
    modelVersions: { churn: churnModel.bundle.version, 'session-value': valueModel.bundle.version },
  };
}
