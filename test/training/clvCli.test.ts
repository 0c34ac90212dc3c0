import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SILENT_PROGRESS } from '../../src/cli/progress.ts';
import { CUSTOMER_TASK, readProductionPointer } from '../../src/registry/index.ts';
import { runClvCli } from '../../src/training/cli/index.ts';
import { formatDay, simulateTransactions, writeTransactionsCsv } from '../../src/transactions/index.ts';
import { describeWithDatasets } from '../transactions/datasets.ts';

const dir = mkdtempSync(join(tmpdir(), 'clv-cli-'));
const models = join(dir, 'models');
const csv = join(dir, 'transactions.csv');
const mapping = ['--format', 'csv', '--customer', 'customer_id', '--date', 'date', '--amount', 'amount'];

async function clv(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runClvCli(
    argv,
    { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
    SILENT_PROGRESS,
  );
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

let calibrationEnd = '';

beforeAll(async () => {
  const { log, params } = simulateTransactions({ customers: 3000, seed: 9, observationDays: 540 });
  await writeTransactionsCsv(log, csv);
  calibrationEnd = formatDay(params.startDay + 540 - 1 - 90);
});

describe('npm run clv', () => {
  it('fit writes a registered version with report, figures, metrics and reference, and prints the fit as JSON', async () => {
    const { code, stdout } = await clv(
      'fit',
      '--input',
      csv,
      ...mapping,
      '--calibration-end',
      calibrationEnd,
      '--models',
      models,
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.customers).toBe(3000);
    expect(Object.keys(result.bgnbd).sort()).toEqual(['a', 'alpha', 'b', 'logLikelihood', 'r']);
    expect(Object.keys(result.gammaGamma)).toEqual(expect.arrayContaining(['p', 'q', 'v', 'logLikelihood']));
    expect(result.holdout.supervised.rocAuc).toBeGreaterThan(0.6);
    expect(result.holdout.bgnbd.rocAuc).toBeGreaterThan(0.6);
    expect(Object.keys(result.paretoNbd)).toEqual(
      expect.arrayContaining(['r', 'alpha', 's', 'beta', 'logLikelihood']),
    );
    // The simulator draws BG/NBD customers: Pareto/NBD fits them less well than BG/NBD, yet ranks them.
    expect(result.paretoNbd.logLikelihood).toBeLessThan(result.bgnbd.logLikelihood);
    expect(result.paretoNbd.holdout.rocAuc).toBeGreaterThan(0.6);
    const files = readdirSync(join(models, CUSTOMER_TASK, result.version)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'metrics.json',
        'model.json',
        'reference.json',
        'report.md',
        'cohorts.json',
        'p-alive-heatmap.svg',
        'gains-purchase-flag.svg',
      ]),
    );
    const report = readFileSync(join(models, CUSTOMER_TASK, result.version, 'report.md'), 'utf8');
    expect(report).toMatch(/## Holdout comparison \(next 90 days\)/);
    expect(report).toMatch(/The supervised model beats BG\/NBD × Gamma-Gamma on/);
    expect(report).toMatch(/## Pareto\/NBD beside BG\/NBD \(next 90 days\)/);
    expect(report).toMatch(/The served customer model stays BG\/NBD/);
    // The segments stored with the version: their sizes in the JSON and in the report.
    expect(result.segments.map((s: { segment: string }) => s.segment)).toEqual([
      'churn-risk',
      'high-value',
      'missed-opportunity',
      'other',
    ]);
    expect(result.segments.reduce((n: number, s: { customers: number }) => n + s.customers, 0)).toBe(3000);
    expect(report).toMatch(/## Segments and cohorts stored with this version/);
    expect(report).toMatch(
      new RegExp(`\\| high-value +\\| +${result.segments[1].customers.toLocaleString('en-US')} +\\|`),
    );
    const metrics = JSON.parse(
      readFileSync(join(models, CUSTOMER_TASK, result.version, 'metrics.json'), 'utf8'),
    );
    expect(metrics.paretoNbd.holdout.paretoNbd.purchasesRatio).toBeGreaterThan(0);
    for (const figure of report.matchAll(/\]\(([^)]+\.svg)\)/g)) {
      expect(existsSync(join(models, CUSTOMER_TASK, result.version, figure[1]!))).toBe(true);
    }
    expect(readProductionPointer(models, CUSTOMER_TASK)?.version).toBe(result.version);
  });

  it('score writes one row per customer with the production model, report judges it on a holdout', async () => {
    const out = join(dir, 'scores.csv');
    const scored = await clv('score', '--input', csv, ...mapping, '--models', models, '--out', out);
    expect(scored.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'customer_id,x,tx,T,zbar,probabilityAlive,expectedPurchases,purchaseProbability,expectedSpendPerPurchase,expectedSpend,lifetimeValue,supervisedPurchaseProbability,supervisedSpend',
    );
    expect(lines.length).toBe(3001);
    const alive = lines.slice(1).map((line) => Number(line.split(',')[5]));
    expect(Math.min(...alive)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...alive)).toBeLessThanOrEqual(1);
    const judged = await clv(
      'report',
      '--input',
      csv,
      ...mapping,
      '--models',
      models,
      '--calibration-end',
      calibrationEnd,
      '--json',
    );
    expect(judged.code).toBe(0);
    expect(JSON.parse(judged.stdout).metrics.bgnbd.rocAuc).toBeGreaterThan(0.6);
  });

  it('answers bad usage with exit 2 and bad data with exit 1, one line each, no stack trace', async () => {
    const usage = await clv('fly');
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.stderr).toMatch(
      /^clv: the first argument must be fit, score or report; got "fly"\.\nRun with --help/,
    );
    expect((await clv('fit', '--input', csv, ...mapping)).stderr).toMatch(
      /--calibration-end YYYY-MM-DD is required/,
    );
    expect(
      (await clv('fit', '--input', csv, '--format', 'excel', '--calibration-end', calibrationEnd)).code,
    ).toBe(2);
    expect((await clv('fit', '--input', csv, ...mapping, '--calibration-end', '2024-13-01')).stderr).toMatch(
      /--calibration-end "2024-13-01" is not a date/,
    );
    const tooLate = await clv(
      'fit',
      '--input',
      csv,
      ...mapping,
      '--calibration-end',
      '2030-01-01',
      '--models',
      models,
    );
    expect(tooLate.code).toBe(1);
    expect(tooLate.stderr).toMatch(/passes the last transaction day .* choose \d{4}-\d\d-\d\d or earlier\.$/);
    const wrongFormat = await clv(
      'fit',
      '--input',
      csv,
      '--format',
      'cdnow',
      '--calibration-end',
      calibrationEnd,
      '--models',
      models,
    );
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toMatch(/none of its \d+ lines is a cdnow transaction .*check --format/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await clv('score', '--input', empty, ...mapping, '--models', models)).stderr).toMatch(
      /has no transaction lines/,
    );
    for (const result of [usage, tooLate, wrongFormat]) expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await clv('score', '--input', csv, ...mapping, '--models', join(dir, 'none'))).stderr).toMatch(
      /no customer-value model in production/,
    );
  });
});

describeWithDatasets('npm run clv on the public data', () => {
  it('fits CDNOW master and Online Retail into registered versions with the comparison in the report', async () => {
    const publicModels = join(dir, 'public-models');
    for (const [dataset, end] of [
      ['cdnow-master', '1997-12-31'],
      ['online-retail', '2011-09-09'],
    ] as const) {
      const { code, stdout } = await clv(
        'fit',
        '--dataset',
        dataset,
        '--calibration-end',
        end,
        '--models',
        publicModels,
        '--json',
      );
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      const report = readFileSync(result.report, 'utf8');
      expect(report).toMatch(/\| ROC AUC, purchase flag +\| +0\.\d+ \| +0\.\d+ \|/);
      expect(result.holdout.supervised.rocAuc).toBeGreaterThan(result.holdout.bgnbd.rocAuc);
    }
  });
});
