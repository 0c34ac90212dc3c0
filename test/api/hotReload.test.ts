import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { watchModels } from '../../src/api/models/index.ts';
import { SESSION_EXAMPLE } from '../../src/api/schemas/session.ts';
import { ADMIN_TOKEN, startTestService, type TestService } from './helpers/testService.ts';
import { CHURN_V1, CHURN_V2, churnArtifact, promote, writeVersion } from './helpers/tinyModels.ts';

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
const waitFor = async (condition: () => boolean, timeoutMs = 3_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('hot reload of models', () => {
  it('serves a newly promoted version after POST /admin/reload, without a restart', async () => {
    const s = start();
    writeVersion(s.modelsDir, 'churn', CHURN_V2, churnArtifact(2));
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    const res = await reload(s);
    expect(res.body.outcomes[0]).toEqual({
      task: 'churn',
      outcome: 'loaded',
      version: CHURN_V2,
      previousVersion: CHURN_V1,
    });
    const churn = await request(s.server).post('/churn').send(SESSION_EXAMPLE).expect(200);
    expect(churn.body.modelVersion).toBe(CHURN_V2);
    expect(churn.body.bias).toBe(2);
  });

  it('answers every request while versions swap back and forth under concurrent load', async () => {
    const s = start();
    writeVersion(s.modelsDir, 'churn', CHURN_V2, churnArtifact(2));
    const answers: request.Response[] = [];
    let swapping = true;
    const swaps = (async () => {
      for (let i = 0; i < 20; i++) {
        promote(s.modelsDir, 'churn', i % 2 === 0 ? CHURN_V2 : CHURN_V1);
        await reload(s);
      }
      swapping = false;
    })();
    const clients = Array.from({ length: 8 }, async () => {
      while (swapping) answers.push(await request(s.server).post('/churn').send(SESSION_EXAMPLE));
    });
    await Promise.all([swaps, ...clients]);
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // Each answer is consistent with the version it names (bias is the intercept of that version).
    for (const a of answers) expect(a.body.bias).toBe(a.body.modelVersion === CHURN_V2 ? 2 : -1);
    expect(new Set(answers.map((a) => a.body.modelVersion))).toEqual(new Set([CHURN_V1, CHURN_V2]));
  });

  it('refuses a promoted version with an invalid artifact and keeps serving the old one', async () => {
    const s = start();
    const broken = churnArtifact();
    (broken.state as { coefficients: number[] }).coefficients.pop();
    writeVersion(s.modelsDir, 'churn', CHURN_V2, broken);
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    const res = await reload(s);
    expect(res.body.outcomes[0]).toMatchObject({ task: 'churn', outcome: 'refused', version: CHURN_V1 });
    expect(res.body.outcomes[0].error).toMatch(/coefficients has 44 entries, expected 45/);
    expect((await request(s.server).post('/churn').send(SESSION_EXAMPLE).expect(200)).body.modelVersion).toBe(
      CHURN_V1,
    );
    await request(s.server).get('/readyz').expect(200);
  });

  it('refuses a version trained on another feature version', async () => {
    const s = start();
    writeVersion(s.modelsDir, 'churn', CHURN_V2, churnArtifact(), { featureVersion: 'f0' });
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    const res = await reload(s);
    expect(res.body.outcomes[0].error).toMatch(/feature version f0, but the code computes f1/);
    expect(s.models.get('churn')?.version).toBe(CHURN_V1);
  });

  it('refuses an artifact whose finite numbers still make it score a row as NaN', async () => {
    const s = start();
    const artifact = churnArtifact();
    const state = artifact.state as { inputMeans: number[]; inputScales: number[]; coefficients: number[] };
    // (0 - 1e308) / 1e-308 = -Infinity and (0 + 1e308) / 1e-308 = +Infinity: their sum is NaN.
    state.inputMeans[0] = 1e308;
    state.inputMeans[1] = -1e308;
    state.inputScales[0] = 1e-308;
    state.inputScales[1] = 1e-308;
    state.coefficients[0] = 1;
    state.coefficients[1] = 1;
    writeVersion(s.modelsDir, 'churn', CHURN_V2, artifact);
    promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
    const res = await reload(s);
    expect(res.body.outcomes[0]).toMatchObject({ outcome: 'refused', version: CHURN_V1 });
    expect(res.body.outcomes[0].error).toMatch(/scores an all-zero row as NaN/);
  });

  it('picks up a promotion by itself when the pointer file changes (watcher)', async () => {
    const s = start();
    const stop = watchModels(s.models, { logger: s.logger, debounceMs: 20, intervalMs: 200 });
    try {
      writeVersion(s.modelsDir, 'churn', CHURN_V2, churnArtifact(2));
      promote(s.modelsDir, 'churn', CHURN_V2, CHURN_V1);
      await waitFor(() => s.models.get('churn')?.version === CHURN_V2);
      expect((await request(s.server).post('/churn').send(SESSION_EXAMPLE)).body.modelVersion).toBe(CHURN_V2);
    } finally {
      stop();
    }
  });
});
