/**
 * `npm run bench:small`: do the boosting defaults hold on small tables? scikit-learn's bundled
 * diabetes (442 rows, regression, R²) and breast cancer (569 rows, classification, ROC AUC), 5 × 5-fold
 * cross-validation on seeded folds: our boosting with its defaults, with one-row leaves
 * (`minSamplesLeaf: 1`, the old behaviour), and scikit-learn's HistGradientBoosting defaults on the
 * same folds in the same run. Needs /usr/bin/python3 with scikit-learn for the tables themselves.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GradientBoostingClassifier, GradientBoostingRegressor } from '../src/ml/boosting/index.ts';
import { Matrix } from '../src/ml/matrix.ts';
import { r2, rocAuc } from '../src/ml/metrics/index.ts';
import { createRng } from '../src/ml/random.ts';

const HELP = `Usage: npm run bench:small [-- --help]
Cross-validates boosting defaults on scikit-learn's small tables beside HistGradientBoosting.
Exit codes: 0 ok, 1 failed (e.g. no /usr/bin/python3 with scikit-learn).`;
const PYTHON = '/usr/bin/python3';
const PEER = join('bench', 'peers', 'small_tables.py');
const REPEATS = 5;
const FOLDS = 5;

interface Table {
  X: number[][];
  y: number[];
  names: string[];
}

/** Fold of every row for each repeat: a seeded shuffle dealt round-robin. */
function seededFolds(nRows: number): number[][] {
  return Array.from({ length: REPEATS }, (_, repeat) => {
    const rng = createRng(100 + repeat);
    const order = Array.from({ length: nRows }, (_, i) => i);
    for (let i = nRows - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const folds = new Array<number>(nRows);
    order.forEach((row, k) => {
      folds[row] = k % FOLDS;
    });
    return folds;
  });
}

function crossValidate(table: Table, repeats: number[][], classify: boolean, params: object): number {
  const scores: number[] = [];
  const take = (rows: number[]) => ({
    X: Matrix.fromRows(
      table.names,
      rows.map((i) => table.X[i]),
    ),
    y: Float64Array.from(rows, (i) => table.y[i]),
  });
  for (const folds of repeats) {
    for (let k = 0; k < FOLDS; k++) {
      const train = take(folds.flatMap((fold, i) => (fold === k ? [] : [i])));
      const test = take(folds.flatMap((fold, i) => (fold === k ? [i] : [])));
      scores.push(
        classify
          ? rocAuc(test.y, new GradientBoostingClassifier(params).fit(train.X, train.y).predictProba(test.X))
          : r2(test.y, new GradientBoostingRegressor(params).fit(train.X, train.y).predict(test.X)),
      );
    }
  }
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

function main(): number {
  if (process.argv.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const dir = join('.tmp', 'bench-small');
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync(PYTHON, [PEER, 'export', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    console.error(
      `bench:small needs ${PYTHON} with scikit-learn (its bundled tables): ${(error as Error).message}`,
    );
    return 1;
  }
  const rows: string[] = [];
  for (const [name, classify] of [
    ['diabetes', false],
    ['breast_cancer', true],
  ] as const) {
    const table = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Table;
    const repeats = seededFolds(table.y.length);
    writeFileSync(join(dir, `${name}.folds.json`), JSON.stringify(repeats));
    const defaults = crossValidate(table, repeats, classify, {});
    const oneRowLeaves = crossValidate(table, repeats, classify, { minSamplesLeaf: 1 });
    rows.push(
      `${name}\t${table.y.length}\t${classify ? 'ROC AUC' : 'R²'}\t${defaults.toFixed(4)}\t${oneRowLeaves.toFixed(4)}`,
    );
  }
  // One OpenMP thread: on tables this small, threads only spin (and stall on a shared machine).
  const env = { ...process.env, OMP_NUM_THREADS: '1' };
  const peer = execFileSync(PYTHON, [PEER, 'score', dir], { encoding: 'utf8', env })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { table: string; score: number });
  console.log(`${REPEATS} × ${FOLDS}-fold cross-validation, mean held-out score`);
  console.log(
    '| table | rows | metric | ours, defaults | ours, minSamplesLeaf 1 | HistGradientBoosting defaults |',
  );
  console.log('|---|---:|---|---:|---:|---:|');
  for (const row of rows) {
    const [name, ...rest] = row.split('\t');
    const peerScore = peer.find((p) => p.table === name)?.score;
    console.log(
      `| ${name} | ${rest.join(' | ')} | ${peerScore === undefined ? '–' : peerScore.toFixed(4)} |`,
    );
  }
  return 0;
}

process.exitCode = main();
