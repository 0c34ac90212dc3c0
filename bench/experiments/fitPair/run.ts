/**
 * A paired A/B of boosting fits between two checkouts (not part of `npm run bench`): both trees'
 * `src/ml` are loaded into one process as separate modules, fitted on the same seeded matrix in
 * alternating order (A B B A, B A A B, …) after one warm-up fit each, and timed by wall clock and by
 * process CPU (all threads). Checks that the two models are the same JSON. Used for changes that must
 * keep training speed and models (issue 16: kernel signatures). In one process the machine's load
 * hits both sides alike, which separate `bench:train` runs on a shared machine do not.
 *
 *   npx tsx bench/experiments/fitPair/run.ts BEFORE_CHECKOUT AFTER_CHECKOUT [--rows 200000] [--reps 2]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rows: { type: 'string', default: '200000' }, reps: { type: 'string', default: '2' } },
});
if (positionals.length !== 2) {
  console.error(
    'usage: npx tsx bench/experiments/fitPair/run.ts BEFORE_CHECKOUT AFTER_CHECKOUT [--rows N] [--reps N]',
  );
  process.exit(2);
}
const [rootA, rootB] = positionals.map((p) => resolve(p));
const n = Number(values.rows);
const reps = Number(values.reps);
type Ml = typeof import('../../../src/ml/index.ts');
const A: Ml = await import(`${rootA}/src/ml/index.ts`);
const B: Ml = await import(`${rootB}/src/ml/index.ts`);

const FEATURES = 40;
const rng = A.createRng(5);
const columns: Float64Array[] = [];
for (let j = 0; j < FEATURES; j++) {
  const column = new Float64Array(n);
  for (let i = 0; i < n; i++) column[i] = j % 4 === 0 ? Math.floor(rng() * 12) : (rng() - 0.5) * (j + 1);
  if (j % 7 === 3) for (let i = j; i < n; i += 11) column[i] = Number.NaN;
  columns.push(column);
}
const names = columns.map((_, j) => `f${j}`);
const churn = new Float64Array(n);
const value = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const z =
    0.3 * columns[1][i] - 0.2 * columns[2][i] + (columns[0][i] > 6 ? 0.8 : 0) + 0.05 * (columns[5][i] || 0);
  const noisy = z + (rng() - 0.5) * 3;
  churn[i] = noisy > 0.4 ? 1 : 0;
  value[i] = Math.max(0, 50 + 30 * noisy + (rng() - 0.5) * 40);
}
const matrices = { A: A.Matrix.fromColumns(names, columns), B: B.Matrix.fromColumns(names, columns) };
const params = { nEstimators: 60, maxDepth: 6, learningRate: 0.1, minSamplesLeaf: 1, nThreads: 2 };
type Model = { fit(X: unknown, y: Float64Array): unknown; toJSON(): unknown };
const cases: [string, (ml: Ml) => Model, Float64Array][] = [
  ['GradientBoostingClassifier', (ml) => new ml.GradientBoostingClassifier(params), churn],
  [
    'GradientBoostingClassifier, quantised',
    (ml) => new ml.GradientBoostingClassifier({ ...params, quantizedGradients: true }),
    churn,
  ],
  ['GradientBoostingRegressor', (ml) => new ml.GradientBoostingRegressor(params), value],
];

function timedFit(side: 'A' | 'B', make: (ml: Ml) => Model, y: Float64Array) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const model = make(side === 'A' ? A : B);
  model.fit(matrices[side], y);
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, json: JSON.stringify(model.toJSON()) };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};
const range = (v: number[]) =>
  `${median(v).toFixed(2)} (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`;
console.log(`${n} rows × ${FEATURES} features, 60 trees of depth 6, 2 threads; ${4 * reps} fits a side`);
console.log('| model | A wall s (median, min–max) | B wall s | B/A wall | A CPU s | B CPU s | B/A CPU |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, make, y] of cases) {
  if (timedFit('A', make, y).json !== timedFit('B', make, y).json)
    throw new Error(`${name}: the two models differ`);
  const wall = { A: [] as number[], B: [] as number[] };
  const cpu = { A: [] as number[], B: [] as number[] };
  for (let r = 0; r < reps; r++) {
    for (const side of r % 2 === 0 ? (['A', 'B', 'B', 'A'] as const) : (['B', 'A', 'A', 'B'] as const)) {
      const result = timedFit(side, make, y);
      wall[side].push(result.wallSeconds);
      cpu[side].push(result.cpuSeconds);
    }
  }
  const ratio = (v: { A: number[]; B: number[] }) => (median(v.B) / median(v.A)).toFixed(3);
  console.log(
    `| ${name} | ${range(wall.A)} | ${range(wall.B)} | ${ratio(wall)} | ${median(cpu.A).toFixed(2)} | ${median(cpu.B).toFixed(2)} | ${ratio(cpu)} |`,
  );
}
console.log('Models identical on both sides (same JSON).');
process.exit(0);
