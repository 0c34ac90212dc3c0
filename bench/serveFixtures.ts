import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionBody } from '../src/api/schemas/session.ts';
import { toObservedSession } from '../src/api/toObservedSession.ts';
import { FEATURE_INDEX, FEATURE_NAMES, FEATURE_VERSION, sessionFeatures } from '../src/features/index.ts';
import { GradientBoostingClassifier } from '../src/ml/boosting/index.ts';
import { Matrix } from '../src/ml/matrix.ts';
import { type ModelBundle, type Task, writeProductionPointer } from '../src/registry/index.ts';

/** mulberry32: a tiny seeded PRNG, so every run posts the same bodies. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A session shaped like the real data (DATA.md): 43 real items a page, log-normal prices (log mean
 * 4.27, sd 1.14), ctr around 0.03–0.09, clicks at the item's ctr, rare carts, no purchases.
 */
export function benchSessionBody(seed = 7, pageCount = 3): SessionBody {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pages = Array.from({ length: pageCount }, (_, p) => ({
    items: Array.from({ length: 43 }, (_, i) => {
      const ctr = Math.min(1, Math.exp(-3.4 + 0.6 * normal()));
      const click = random() < ctr ? 1 : 0;
      return {
        position: p * 50 + i,
        ctr: Number(ctr.toFixed(6)),
        cvr: Number(Math.min(1, Math.exp(-6 + 0.8 * normal())).toFixed(6)),
        price: Number(Math.exp(4.27 + 1.14 * normal()).toFixed(2)),
        click: click as 0 | 1,
        cart: (click && random() < 0.1 ? 1 : 0) as 0 | 1,
        fav: 0 as const,
        purchase: 0,
      };
    }),
  }));
  return {
    sessionId: `bench-${seed}`,
    profile: { ageLevel: 3, gender: 1, purchasePower: 4 },
    hour: 21,
    pages,
  };
}

function writeBundle(
  modelsDir: string,
  task: Task,
  artifact: ModelBundle['artifact'],
  threshold?: number,
): void {
  const version = task === 'churn' ? '20261123T000000Z-bbbbbbb1' : '20261123T000000Z-bbbbbbb2';
  const bundle: ModelBundle = {
    bundleSchemaVersion: 1,
    task,
    version,
    createdAt: new Date().toISOString(),
    modelName: artifact.kind,
    target: task === 'churn' ? 'churn' : 'remainingRevenue',
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    artifact,
    ...(threshold === undefined ? {} : { threshold }),
    params: {},
    metrics: {},
    dataFingerprint: { files: [], rows: 0, sessions: 0 },
    codeVersion: null,
  };
  mkdirSync(join(modelsDir, task, version), { recursive: true });
  writeFileSync(join(modelsDir, task, version, 'model.json'), JSON.stringify(bundle));
  writeProductionPointer(modelsDir, {
    task,
    version,
    promotedAt: bundle.createdAt,
    previousVersion: null,
    reason: 'bench:serve registry',
  });
}

/**
 * A registry for the bench when `models/` has no production models: a real gradient-boosting churn
 * model (100 trees, depth 6: the XGBoost peer's shape) trained on features of 4,000 generated
 * sessions with a synthetic churn label, and a linear session-value model. Returns a description.
 */
export function writeBenchRegistry(modelsDir: string): string {
  const rows = 4_000;
  const columns = FEATURE_NAMES.map(() => new Float64Array(rows));
  const churn = new Float64Array(rows);
  const random = rng(11);
  for (let r = 0; r < rows; r++) {
    const x = sessionFeatures(toObservedSession(benchSessionBody(r + 100, 1 + (r % 6))));
    for (let j = 0; j < x.length; j++) columns[j][r] = x[j];
    const logit = -1.5 + 0.3 * x[FEATURE_INDEX.pageId] - 0.4 * x[FEATURE_INDEX.clicksSoFar];
    churn[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  const gbm = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, earlyStoppingRounds: null });
  writeBundle(modelsDir, 'churn', gbm.fit(new Matrix(FEATURE_NAMES, columns), churn).toJSON(), 0.35);
  const n = FEATURE_NAMES.length;
  const coefficients = new Array<number>(n).fill(0);
  coefficients[FEATURE_INDEX.expectedValueSoFarYuan] = 0.5;
  writeBundle(modelsDir, 'session-value', {
    kind: 'linear-regression',
    schemaVersion: 1,
    featureNames: [...FEATURE_NAMES],
    params: {},
    state: {
      inputMeans: new Array(n).fill(0),
      inputScales: new Array(n).fill(1),
      coefficients,
      intercept: 1,
    },
  });
  return 'no production models in the registry, so a bench registry: gradient-boosting churn model (100 trees, depth 6, trained on 4,000 generated sessions) and a linear session-value model';
}
