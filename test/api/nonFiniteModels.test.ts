import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { FEATURE_INDEX, FEATURE_NAMES } from '../../src/features/index.ts';
import type { ModelBundle } from '../../src/registry/index.ts';
import { ADMIN_TOKEN, loggedRows, startTestService, type TestService } from './helpers/testService.ts';
import {
  CHURN_V1,
  CHURN_V2,
  churnArtifact,
  promote,
  VALUE_V1,
  valueArtifact,
  writeVersion,
} from './helpers/tinyModels.ts';

const VALUE_V2 = '20261123T090000Z-000000a2';
const services: TestService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.stop();
});
const start = () => {
  const s = startTestService();
  services.push(s);
  return s;
};
const reload = (s: TestService) =>
  request(s.server).post('/admin/reload').set('authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);

/** A one-split boosted tree whose right leaf is `leaf` (every other number ordinary). */
function boostingArtifact(kind: string, link: string, leaf: number): ModelBundle['artifact'] {
  const n = FEATURE_NAMES.length;
  return {
    kind,
    schemaVersion: 1,
    featureNames: [...FEATURE_NAMES],
    params: {},
    state: {
      link,
      baseScore: 0,
      trees: [
        {
          feature: [FEATURE_INDEX.clicksSoFar, -1, -1],
          threshold: [0.5, 0, 0],
          left: [1, -1, -1],
          right: [2, -1, -1],
          value: [0, -0.2, leaf],
          cover: [10, 5, 5],
        },
      ],
      bestIteration: -1,
      featureImportances: { gain: new Array(n).fill(0), split: new Array(n).fill(0) },
      trainLoss: [],
      validationLoss: [],
    },
  };
}

/** Linear state whose tiny scale turns any nonzero `feature` into ±Infinity (0 still scores finite). */
function overflowingLinear(artifact: ModelBundle['artifact'], feature: number): ModelBundle['artifact'] {
  const state = artifact.state as { inputScales: number[]; coefficients: number[] };
  state.inputScales[feature] = 1e-300;
  state.coefficients[feature] = 1e10;
  return artifact;
}

describe('non-finite models', () => {
  it('refuses at load a boosted model whose leaves reach 1e308 (probability 1 / infinite amounts)', async () => {
    const s = start();
    writeVersion(
      s.modelsDir,
      'churn',
      CHURN_V2,
      boostingArtifact('gradient-boosting-classifier', 'logit', 1e308),
    );
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    writeVersion(
      s.modelsDir,
      'session-value',
      VALUE_V2,
      boostingArtifact('gradient-boosting-regressor', 'identity', 1e308),
    );
    promote(s.modelsDir, 'session-value', VALUE_V2, VALUE_V1);
    const { body } = await reload(s);
    expect(body.outcomes).toMatchObject([
      { task: 'churn', outcome: 'refused', version: CHURN_V1 },
      { task: 'session-value', outcome: 'refused', version: VALUE_V1 },
    ]);
    expect(body.outcomes[0].error).toMatch(/leaves can sum to a score of 1\.00e\+308, beyond 709/);
    expect(body.outcomes[1].error).toMatch(/beyond 1000000000000000 \(no amount is that large\)/);
  });

  it('refuses at load a linear model with an absurd coefficient', async () => {
    const s = start();
    const artifact = valueArtifact();
    (artifact.state as { coefficients: number[] }).coefficients[0] = 1e300;
    writeVersion(s.modelsDir, 'session-value', VALUE_V2, artifact);
    promote(s.modelsDir, 'session-value', VALUE_V2, VALUE_V1);
    const { body } = await reload(s);
    expect(body.outcomes[1]).toMatchObject({ outcome: 'refused', version: VALUE_V1 });
    expect(body.outcomes[1].error).toMatch(
      /state.coefficients.0: must be at most 1000000000000 in magnitude/,
    );
  });

  it('answers a non-finite score with a 500 problem, counts it, and never logs Infinity', async () => {
    const s = start();
    const clicks = FEATURE_INDEX.clicksSoFar;
    writeVersion(s.modelsDir, 'churn', CHURN_V2, overflowingLinear(churnArtifact(), clicks));
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    writeVersion(s.modelsDir, 'session-value', VALUE_V2, overflowingLinear(valueArtifact(), clicks));
    promote(s.modelsDir, 'session-value', VALUE_V2, VALUE_V1);
    const { body } = await reload(s);
    expect(body.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['loaded', 'loaded']);

    for (const [path, version] of [
      ['/churn', CHURN_V2],
      ['/session-value', VALUE_V2],
    ] as const) {
      const res = await request(s.server).post(path).send(SESSION_EXAMPLE);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('/problems/non-finite-prediction');
      expect(res.body.detail).toContain(`model ${version} scored this session as`);
      const batch = await request(s.server)
        .post(`${path}/batch`)
        .send({ sessions: [SESSION_EXAMPLE] });
      expect(batch.status).toBe(500);
    }
    const metrics = await request(s.server).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      new RegExp(`model_non_finite_predictions_total\\{route="/churn",model_version="${CHURN_V2}"\\} 1`),
    );
    expect(metrics.text).toMatch(/model_non_finite_predictions_total\{route="\/session-value\/batch",.*\} 1/);
    const rows = loggedRows(s);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 500, error_reason: 'non-finite-prediction' });
      expect(String(row.prediction)).not.toMatch(/Inf|NaN/);
    }
  });
});
