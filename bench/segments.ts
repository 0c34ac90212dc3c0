/**
 * `npm run bench:segments`: the two speed goals of the segments issue, measured in one run.
 *  1. A Gaussian mixture, k = 8, on 100,000 × 4 (full covariance, 3 k-means++ starts): our fit, and
 *     scikit-learn's GaussianMixture on the same rows when /usr/bin/python3 has it (ratio).
 *  2. 10,000 Monte-Carlo draws over 100,000 customers (BG/NBD × Gamma-Gamma population of the papers'
 *     CDNOW parameters): the posterior draws, then the simulation on both cores and, as the
 *     baseline of the same run, on one.
 * Medians of --repeats runs. Goals: GMM ≤ 5 s, simulation ≤ 10 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bgNbdProbabilityAlive } from '../src/ml/clv/bgNbd.ts';
import { GaussianMixture, Matrix } from '../src/ml/index.ts';
import { createRng } from '../src/ml/random.ts';
import { gammaVariate, normalVariate } from '../src/ml/variates.ts';
import { customerPopulation, type Policy, simulatePolicies } from '../src/policies/index.ts';

const HELP = `Usage: npm run bench:segments -- [--repeats N] [--customers N] [--draws N] [--no-peers]

Exit codes: 0 ok, 2 bad usage.`;

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    customers: { type: 'string', default: '100000' },
    draws: { type: 'string', default: '10000' },
    'no-peers': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const repeats = Number(values.repeats);
const customers = Number(values.customers);
const draws = Number(values.draws);
if (![repeats, customers, draws].every((v) => Number.isInteger(v) && v > 0)) {
  console.error('bench:segments: --repeats, --customers and --draws must be positive integers.');
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (start: number) => (performance.now() - start) / 1000;
console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);

// 1. Gaussian mixture: eight well-mixed clusters in four dimensions.
const rng = createRng(1);
const n = 100_000;
const rows = new Float64Array(n * 4);
for (let i = 0; i < n; i++) {
  const c = Math.floor(rng() * 8);
  for (let j = 0; j < 4; j++)
    rows[i * 4 + j] = 3 * ((c >> (j % 3)) & 1) + 0.7 * c * (j + 1) + normalVariate(rng);
}
const X = Matrix.fromRowMajor(['a', 'b', 'c', 'd'], rows, n);
const ours: number[] = [];
let iterations = 0;
for (let r = 0; r < repeats; r++) {
  const start = performance.now();
  const model = new GaussianMixture({ nComponents: 8, covarianceType: 'full', nInit: 3, seed: r + 1 }).fit(X);
  ours.push(seconds(start));
  iterations = model.toJSON().state.iterations;
}
// The worst case: 100 EM iterations without early stop, one start (per-iteration cost × 100).
const fullStart = performance.now();
new GaussianMixture({ nComponents: 8, covarianceType: 'full', nInit: 1, tol: 0, maxIter: 100, seed: 1 }).fit(
  X,
);
const fullRun = seconds(fullStart);
let peer = '';
if (!values['no-peers']) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gmm-'));
  try {
    writeFileSync(join(dir, 'rows.f64'), Buffer.from(rows.buffer));
    const theirs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const out = execFileSync(
        '/usr/bin/python3',
        ['bench/peers/gmm_peer.py', join(dir, 'rows.f64'), '8', '3'],
        {
          encoding: 'utf8',
        },
      );
      theirs.push(JSON.parse(out).seconds);
    }
    peer = `; scikit-learn ${median(theirs).toFixed(2)} s (ours/theirs ${(median(ours) / median(theirs)).toFixed(2)})`;
  } catch (error) {
    peer = `; scikit-learn not run (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`GMM k=8, 100,000 × 4, full, 1 start, 100 EM iterations (tol 0): ${fullRun.toFixed(2)} s`);
console.log(
  `GMM k=8, 100,000 × 4, full, 3 starts: ${median(ours).toFixed(2)} s median of ${repeats} (${ours.map((s) => s.toFixed(2)).join(', ')}; ${iterations} EM iterations in the last)${peer}; goal ≤ 5 s`,
);

// 2. Policy simulation over a BG/NBD × Gamma-Gamma population.
const bgNbd = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const gammaGamma = { p: 6.2488, q: 3.7446, v: 15.4477 };
const x = new Float64Array(customers);
const tx = new Float64Array(customers);
const T = new Float64Array(customers);
const zbar = new Float64Array(customers);
for (let i = 0; i < customers; i++) {
  T[i] = 20 + 20 * rng();
  x[i] = Math.min(40, Math.floor(gammaVariate(rng, 0.6, 0.4)));
  tx[i] = x[i] > 0 ? T[i] * rng() : 0;
  zbar[i] = x[i] > 0 ? 10 + 60 * rng() : 0;
}
const pAlive = x.map((xi, i) => bgNbdProbabilityAlive(bgNbd, xi, tx[i], T[i]));
const buildStart = performance.now();
const population = customerPopulation({
  x,
  T,
  zbar,
  pAlive,
  bgNbd,
  gammaGamma,
  horizon: 26,
  horizonLabel: 'the next 182 days',
  attributes: { pAlive },
  seed: 1,
});
const buildSeconds = seconds(buildStart);
const policies: Policy[] = [
  {
    name: 'all',
    target: {},
    actionCost: 0.5,
    uplift: { distribution: 'beta', mean: 0.1, sd: 0.04 },
    margin: 0.3,
  },
];
const timed = async (threads: number) => {
  const times: number[] = [];
  let relativeError = 0;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const result = await simulatePolicies({ population, policies, draws, seed: r + 1, threads });
    times.push(seconds(start));
    const revenue = result.policies[0].incrementalRevenue;
    relativeError = revenue.standardError / revenue.mean;
  }
  return { median: median(times), times, relativeError };
};
const both = await timed(2);
const one = await timed(1);
console.log(
  `posterior draws for ${customers.toLocaleString('en-US')} customers × 64: ${buildSeconds.toFixed(2)} s (once per population)`,
);
console.log(
  `policy simulation ${draws.toLocaleString('en-US')} draws × ${customers.toLocaleString('en-US')} customers: both cores ${both.median.toFixed(2)} s (${both.times.map((s) => s.toFixed(2)).join(', ')}), one core ${one.median.toFixed(2)} s, speed-up ${(one.median / both.median).toFixed(2)}x; standard error ${(100 * both.relativeError).toFixed(2)} % of the mean; goal ≤ 10 s`,
);
