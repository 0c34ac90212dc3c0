/**
 * `npm run bench:train`: fit every model of src/ml on 100k and 1M rows × ~40 features (the prepared
 * data when data/processed/features.arrow exists, else a seeded synthetic matrix with real structure),
 * print fit seconds and held-out quality, and — where /usr/bin/python3 has scikit-learn / XGBoost —
 * fit the peers on the same rows in the same run and print our/their time and metric ratios.
 * Ends with a single-row prediction microbenchmark of the boosted model.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readProcessedTable } from '../src/dataset/processedTable.ts';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../src/ml/boosting/index.ts';
import type { Classifier, Regressor } from '../src/ml/estimator.ts';
import { RandomForestClassifier } from '../src/ml/forest/index.ts';
import { TREE_PREDICTORS } from '../src/ml/inference/trees.ts';
import { LinearRegression, LogisticRegression, PolynomialRegression } from '../src/ml/linear/index.ts';
import { Matrix } from '../src/ml/matrix.ts';
import { rmse, rocAuc } from '../src/ml/metrics/index.ts';
import { createRng } from '../src/ml/random.ts';
import { DecisionTreeClassifier } from '../src/ml/tree/index.ts';

const HELP = `Usage: npm run bench:train -- [--rows 100000,1000000] [--quick] [--models A,B] [--no-peers] [--out FILE]

  --rows N[,N]   training sizes (default 100000,1000000); the held-out part is min(rows/4, 200000) more rows
  --quick        20k rows and fewer trees: a smoke run in well under a minute
  --models LIST  subset of: ${[
    'LogisticRegression',
    'LinearRegression',
    'PolynomialRegression',
    'DecisionTreeClassifier',
    'RandomForestClassifier',
    'GradientBoostingClassifier',
    'GradientBoostingClassifierQuantized',
    'GradientBoostingRegressor',
  ].join(', ')}
  --no-peers     skip scikit-learn / XGBoost even when installed
  --out FILE     also write the results as markdown (e.g. bench/results/train.md)
Exit codes: 0 ok, 1 a model failed, 2 bad usage.`;

interface BenchData {
  source: string;
  train: { X: Matrix; churn: Float64Array; value: Float64Array };
  test: { X: Matrix; churn: Float64Array; value: Float64Array };
}

interface ModelCase {
  name: string;
  target: 'churn' | 'value';
  make: (featureNames: readonly string[]) => Classifier | Regressor;
  /** Python peers fitted on the same rows with matching settings. */
  peers: string[];
}

const PYTHON = '/usr/bin/python3';
const THREADS = Math.min(2, cpus().length);

function settings(quick: boolean) {
  return {
    logisticC: 1,
    ridgeAlpha: 1,
    treeMaxDepth: 10,
    treeMinSamplesLeaf: 20,
    forestTrees: quick ? 10 : 50,
    forestMaxDepth: 12,
    forestMinSamplesLeaf: 5,
    boostTrees: quick ? 30 : 100,
    boostMaxDepth: 6,
    learningRate: 0.1,
    lambda: 1,
    minChildWeight: 1,
    // XGBoost has no row minimum; scikit-learn's HistGradientBoosting gets the same 1.
    boostMinSamplesLeaf: 1,
  };
}
type Settings = ReturnType<typeof settings>;

function modelCases(s: Settings): ModelCase[] {
  const boosting = {
    nEstimators: s.boostTrees,
    maxDepth: s.boostMaxDepth,
    learningRate: s.learningRate,
    lambda: s.lambda,
    minChildWeight: s.minChildWeight,
    minSamplesLeaf: s.boostMinSamplesLeaf,
  };
  return [
    {
      name: 'LogisticRegression',
      target: 'churn',
      make: () => new LogisticRegression({ C: s.logisticC }),
      peers: ['LogisticRegression'],
    },
    {
      name: 'LinearRegression',
      target: 'value',
      make: () => new LinearRegression({ alpha: s.ridgeAlpha }),
      peers: ['LinearRegression'],
    },
    {
      name: 'PolynomialRegression',
      target: 'value',
      // Squares and pairwise products of the first 10 features (55 terms) keep 1M rows in seconds.
      make: (names) => new PolynomialRegression({ degree: 2, alpha: 1, features: names.slice(0, 10) }),
      peers: [],
    },
    {
      name: 'DecisionTreeClassifier',
      target: 'churn',
      make: () =>
        new DecisionTreeClassifier({ maxDepth: s.treeMaxDepth, minSamplesLeaf: s.treeMinSamplesLeaf }),
      peers: ['DecisionTreeClassifier'],
    },
    {
      name: 'RandomForestClassifier',
      target: 'churn',
      make: () =>
        new RandomForestClassifier({
          nEstimators: s.forestTrees,
          maxDepth: s.forestMaxDepth,
          minSamplesLeaf: s.forestMinSamplesLeaf,
        }),
      peers: ['RandomForestClassifier'],
    },
    {
      name: 'GradientBoostingClassifier',
      target: 'churn',
      make: () => new GradientBoostingClassifier(boosting),
      peers: ['XGBClassifier', 'HistGradientBoostingClassifier'],
    },
    {
      // The same settings with quantizedGradients (LightGBM's quantised training): compare with the
      // exact row above against the same peer run.
      name: 'GradientBoostingClassifierQuantized',
      target: 'churn',
      make: () => new GradientBoostingClassifier({ ...boosting, quantizedGradients: true }),
      peers: ['XGBClassifier', 'HistGradientBoostingClassifier'],
    },
    {
      name: 'GradientBoostingRegressor',
      target: 'value',
      make: () =>
        new GradientBoostingRegressor({
          loss: 'tweedie',
          nEstimators: s.boostTrees,
          maxDepth: s.boostMaxDepth,
          learningRate: s.learningRate,
          minSamplesLeaf: s.boostMinSamplesLeaf,
        }),
      peers: [],
    },
  ];
}

/** Seeded synthetic sessions: 40 features of mixed kinds; churn and a zero-inflated value target. */
function syntheticData(nTrain: number, nTest: number): BenchData {
  const n = nTrain + nTest;
  const rng = createRng(2024);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const names = Array.from({ length: 40 }, (_, j) => `f${String(j).padStart(2, '0')}`);
  const columns = names.map(() => new Float64Array(n));
  const churn = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 10; j++) columns[j][i] = rng();
    for (let j = 10; j < 20; j++) columns[j][i] = normal();
    for (let j = 20; j < 30; j++) columns[j][i] = Math.floor(-Math.log(1 - rng()) * (j - 18));
    for (let j = 30; j < 35; j++) columns[j][i] = Math.round(Math.exp(4.27 + 1.14 * normal()) * 100) / 100;
    for (let j = 35; j < 40; j++) columns[j][i] = Math.floor(rng() * (j - 32));
    const x = (j: number) => columns[j][i];
    const logit =
      -1.2 +
      1.5 * x(0) -
      1.2 * x(1) * x(2) +
      0.6 * x(10) -
      0.4 * Math.abs(x(11)) +
      0.15 * x(20) -
      0.3 * Math.log1p(x(30) / 100) +
      0.5 * (x(35) === 1 ? 1 : 0) +
      Math.sin(3 * x(3)) * 0.8;
    churn[i] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const buyRate = 1 / (1 + Math.exp(-(-2.5 + 1.2 * x(4) + 0.3 * x(12) + 0.2 * x(36))));
    value[i] = rng() < buyRate ? x(31) * (0.5 + rng()) : 0;
  }
  const slice = (from: number, to: number) => ({
    X: Matrix.fromColumns(
      names,
      columns.map((c) => c.slice(from, to)),
    ),
    churn: churn.slice(from, to),
    value: value.slice(from, to),
  });
  return { source: 'synthetic (seeded, 40 features)', train: slice(0, nTrain), test: slice(nTrain, n) };
}

/** The prepared table: training rows from the train split (capped), held-out rows from the test split. */
function processedData(nTrain: number, nTest: number): BenchData | null {
  if (!existsSync(join('data', 'processed', 'features.arrow'))) return null;
  const table = readProcessedTable(join('data', 'processed'));
  const pick = (code: number, limit: number) => {
    const rows: number[] = [];
    for (let i = 0; i < table.split.length && rows.length < limit; i++)
      if (table.split[i] === code) rows.push(i);
    const X = table.X.takeRows(rows);
    for (const column of X.columns)
      for (let i = 0; i < column.length; i++) if (Number.isNaN(column[i])) column[i] = 0;
    return {
      X,
      churn: Float64Array.from(rows, (i) => table.churn[i]),
      value: Float64Array.from(rows, (i) => table.remainingRevenue[i]),
    };
  };
  return { source: 'data/processed/features.arrow', train: pick(0, nTrain), test: pick(2, nTest) };
}

function peersAvailable(): string | null {
  if (!existsSync(PYTHON)) return null;
  try {
    return execFileSync(
      PYTHON,
      ['-c', 'import sklearn, xgboost; print(sklearn.__version__, xgboost.__version__)'],
      {
        encoding: 'utf8',
      },
    ).trim();
  } catch {
    return null;
  }
}

/**
 * Row-major float64 file + JSON sidecar for the Python peers (under .tmp/, git-ignored): X_train,
 * y_train, X_test, y_test. One file per target so the peers read exactly the rows and labels we fit.
 */
function writePeerData(data: BenchData, s: Settings, target: 'churn' | 'value'): string {
  const dir = join('.tmp', 'bench-train');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rows-${data.train.X.nRows}-${target}.f64`);
  const parts = [data.train.X.rowMajor(), data.train[target], data.test.X.rowMajor(), data.test[target]];
  const all = new Float64Array(parts.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  writeFileSync(path, new Uint8Array(all.buffer));
  const meta = {
    nTrain: data.train.X.nRows,
    nTest: data.test.X.nRows,
    nFeatures: data.train.X.nCols,
    threads: THREADS,
    settings: s,
  };
  writeFileSync(`${path}.json`, JSON.stringify(meta));
  return path;
}

interface PeerResult {
  model: string;
  seconds?: number;
  metric?: number;
  error?: string;
}

function runPeers(path: string, names: string[]): PeerResult[] {
  if (names.length === 0) return [];
  const script = join('bench', 'peers', 'train_peers.py');
  const env = { ...process.env, OMP_NUM_THREADS: String(THREADS) };
  const output = execFileSync(PYTHON, [script, path, names.join(',')], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 24,
  });
  return output
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PeerResult);
}

function metricOf(target: 'churn' | 'value', yTrue: Float64Array, prediction: Float64Array): number {
  return target === 'churn' ? rocAuc(yTrue, prediction) : rmse(yTrue, prediction);
}

function predictionOf(model: Classifier | Regressor, X: Matrix, target: 'churn' | 'value'): Float64Array {
  return target === 'churn' ? (model as Classifier).predictProba(X) : model.predict(X);
}

/** µs per single-row prediction of the boosted model vs a plain dot product over the same row. */
function predictionMicrobenchmark(model: GradientBoostingClassifier, X: Matrix) {
  const predictor = TREE_PREDICTORS['gradient-boosting-classifier'](
    JSON.parse(JSON.stringify(model.toJSON())),
  );
  const nRows = Math.min(X.nRows, 20_000);
  const rows = Array.from({ length: nRows }, (_, i) => X.row(i));
  const weights = Float64Array.from({ length: X.nCols }, (_, j) => 1 / (j + 1));
  const time = (fn: (x: Float64Array) => number) => {
    let sink = 0;
    for (const x of rows) sink += fn(x); // warm-up
    const start = process.hrtime.bigint();
    for (let rep = 0; rep < 5; rep++) for (const x of rows) sink += fn(x);
    const micros = Number(process.hrtime.bigint() - start) / 1000 / (5 * nRows);
    return { micros, sink };
  };
  const tree = time((x) => predictor.predictRow(x));
  const dot = time((x) => {
    let s = 0;
    for (let j = 0; j < x.length; j++) s += weights[j] * x[j];
    return 1 / (1 + Math.exp(-s));
  });
  return { trees: model.toJSON().state.trees.length, treeMicros: tree.micros, dotMicros: dot.micros };
}

const fmt = (v: number | undefined, digits = 3) =>
  v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);

function main(): number {
  let args: ReturnType<
    typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }> }>
  >['values'];
  try {
    args = parseArgs({
      options: {
        rows: { type: 'string' },
        quick: { type: 'boolean' },
        models: { type: 'string' },
        'no-peers': { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const quick = Boolean(args.quick);
  const sizes = String(args.rows ?? (quick ? '20000' : '100000,1000000'))
    .split(',')
    .map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    console.error(`--rows takes comma-separated integers >= 100; got "${args.rows}".\n\n${HELP}`);
    return 2;
  }
  const s = settings(quick);
  let cases = modelCases(s);
  if (args.models) {
    const wanted = String(args.models).split(',');
    const unknown = wanted.filter((name) => !cases.some((c) => c.name === name));
    if (unknown.length > 0) {
      console.error(`Unknown model(s): ${unknown.join(', ')}.\n\n${HELP}`);
      return 2;
    }
    cases = cases.filter((c) => wanted.includes(c.name));
  }
  // Timings on a shared machine are only comparable within one run; the load says how shared it was.
  const startLoad = loadavg()[0].toFixed(1);
  const peerVersions = args['no-peers'] ? null : peersAvailable();
  console.log(
    `Peers: ${peerVersions ? `scikit-learn / XGBoost ${peerVersions}, ${THREADS} threads` : 'not run'}`,
  );
  const lines: string[] = [];
  let failed = false;
  for (const nTrain of sizes) {
    const nTest = Math.min(Math.floor(nTrain / 4), 200_000);
    const data = processedData(nTrain, nTest) ?? syntheticData(nTrain, nTest);
    console.log(
      `\n${data.train.X.nRows} training rows × ${data.train.X.nCols} features, ${data.test.X.nRows} held out (${data.source})`,
    );
    const header =
      '| model | rows | our s | peer | peer s | time ratio (ours/peer) | metric | ours | peer | metric ratio |';
    lines.push(
      `\n### ${data.train.X.nRows} rows × ${data.train.X.nCols} features (${data.source})\n`,
      header,
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    const peerPaths = peerVersions
      ? { churn: writePeerData(data, s, 'churn'), value: writePeerData(data, s, 'value') }
      : null;
    let boosted: GradientBoostingClassifier | null = null;
    // Each peer is fitted once per size, however many of our variants compare with it.
    const peerRuns = new Map<string, PeerResult[]>();
    const peersOf = (path: string, names: string[]) => {
      const key = `${path}\n${names.join(',')}`;
      if (!peerRuns.has(key)) peerRuns.set(key, runPeers(path, names));
      return peerRuns.get(key)!;
    };
    for (const c of cases) {
      const yTrain = c.target === 'churn' ? data.train.churn : data.train.value;
      const yTest = c.target === 'churn' ? data.test.churn : data.test.value;
      let ours: { seconds: number; metric: number };
      try {
        const model = c.make(data.train.X.featureNames);
        const start = performance.now();
        model.fit(data.train.X, yTrain);
        const seconds = (performance.now() - start) / 1000;
        ours = { seconds, metric: metricOf(c.target, yTest, predictionOf(model, data.test.X, c.target)) };
        if (model instanceof GradientBoostingClassifier && !boosted) boosted = model;
      } catch (error) {
        console.error(`${c.name} failed: ${(error as Error).message}`);
        failed = true;
        continue;
      }
      const metricName = c.target === 'churn' ? 'AUC' : 'RMSE';
      const peers = peerPaths ? peersOf(peerPaths[c.target], c.peers) : [];
      const rows = peers.length > 0 ? peers : [{ model: '–' } as PeerResult];
      for (const peer of rows) {
        const timeRatio = peer.seconds ? ours.seconds / peer.seconds : undefined;
        const metricRatio = peer.metric ? ours.metric / peer.metric : undefined;
        const line = `| ${c.name} | ${data.train.X.nRows} | ${fmt(ours.seconds, 2)} | ${peer.error ? `${peer.model} (failed: ${peer.error})` : peer.model} | ${fmt(peer.seconds, 2)} | ${fmt(timeRatio, 2)} | ${metricName} | ${fmt(ours.metric, 4)} | ${fmt(peer.metric, 4)} | ${fmt(metricRatio, 4)} |`;
        lines.push(line);
        console.log(line);
      }
    }
    if (peerPaths) {
      // The peer files are large (1M rows ≈ 330 MB each): do not leave them behind.
      for (const path of Object.values(peerPaths)) {
        rmSync(path, { force: true });
        rmSync(`${path}.json`, { force: true });
      }
    }
    if (boosted) {
      const micro = predictionMicrobenchmark(boosted, data.test.X);
      const line = `\nSingle-row prediction, ${micro.trees}-tree boosted model: ${fmt(micro.treeMicros, 2)} µs/row; baseline (dot product + sigmoid over the same row): ${fmt(micro.dotMicros, 3)} µs/row; ratio ${fmt(micro.treeMicros / micro.dotMicros, 1)}×.`;
      lines.push(line);
      console.log(line);
    }
  }
  if (args.out) {
    const command = `npm run bench:train -- ${process.argv.slice(2).join(' ')}`.trim();
    const text = `# bench:train results\n\nCommand: \`${command}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average at start ${startLoad} and at end ${loadavg()[0].toFixed(1)}; peers: ${peerVersions ?? 'not run'}, ${THREADS} threads)\n${lines.join('\n')}\n`;
    writeFileSync(String(args.out), text);
    console.log(`\nWrote ${args.out}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
