import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SILENT_PROGRESS } from '../../src/cli/progress.ts';
import { runCohortsCli } from '../../src/segments/cli/cohortsCli.ts';
import { runSegmentsCli } from '../../src/segments/cli/segmentsCli.ts';
import { removeTempDirs, tempDir } from '../training/registryFixtures.ts';
import { datasetPath, describeWithDatasets } from '../transactions/datasets.ts';

afterAll(removeTempDirs);

const root = tempDir('segments-cli-');
const sample = datasetPath('cdnow/CDNOW_sample.txt');

function io() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    io: { stdout: (t: string) => stdout.push(t), stderr: (t: string) => stderr.push(t) },
  };
}

describeWithDatasets('npm run segments and npm run cohorts on the CDNOW sample', () => {
  it('segments the customers into the named segments and mixture clusters, with a report and files', async () => {
    const config = join(root, 'segments.json');
    writeFileSync(config, JSON.stringify({ mixture: { maxComponents: 3 } }));
    const out = join(root, 'segments');
    const run = io();
    const argv = [
      '--input',
      sample,
      '--format',
      'cdnow-sample',
      '--calibration-end',
      '1997-09-30',
      '--config',
      config,
    ];
    const code = await runSegmentsCli(
      [...argv, '--out', out, '--json', '--seed', '3'],
      run.io,
      SILENT_PROGRESS,
    );
    expect(run.stderr).toEqual([]);
    expect(code).toBe(0);
    const result = JSON.parse(run.stdout.join('\n'));
    expect(result.customers).toBe(2357);
    // The papers' calibration fit: the segments stand on the right BG/NBD.
    expect(result.bgNbd.r).toBeCloseTo(0.2426, 3);
    const sizes = Object.fromEntries(
      result.segments.map((s: { segment: string; customers: number }) => [s.segment, s.customers]),
    );
    expect(Object.keys(sizes)).toEqual(['churn-risk', 'high-value', 'missed-opportunity', 'other']);
    expect(Object.values(sizes).reduce((a, b) => (a as number) + (b as number), 0)).toBe(2357);
    for (const name of ['churn-risk', 'high-value', 'missed-opportunity'])
      expect(sizes[name]).toBeGreaterThan(50);
    const byName = Object.fromEntries(result.segments.map((s: { segment: string }) => [s.segment, s]));
    expect(byName['high-value'].meanClv).toBeGreaterThan(byName.other.meanClv);
    expect(byName['churn-risk'].meanPAlive).toBeLessThan(0.5);
    expect(result.mixture.candidates).toHaveLength(3);
    const clusters = result.mixture.clusters as { meanClv: number; customers: number }[];
    expect(clusters.reduce((n, c) => n + c.customers, 0)).toBe(2357);
    expect(clusters[0].meanClv).toBeGreaterThanOrEqual(clusters.at(-1)!.meanClv);
    // The LTV proxy: chronological, six-month buckets, two models and the naive guess, macro-F1 in [0, 1].
    expect(result.ltvProxy.testCutOff > result.ltvProxy.trainCutOff).toBe(true);
    expect(result.ltvProxy.labels).toHaveLength(4);
    expect(result.ltvProxy.scores.map((s: { model: string }) => s.model)).toEqual([
      'random forest',
      'gradient boosting',
      'same bucket as the last 180 days',
    ]);
    for (const score of result.ltvProxy.scores) {
      expect(score.macroF1).toBeGreaterThan(0.2);
      expect(score.confusion.reduce((a: number, b: number) => a + b, 0)).toBe(result.ltvProxy.testCustomers);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('ltv-proxy-confusion.svg');
    for (const figure of ['segment-sizes.svg', 'rfm-clv-heatmap.svg', 'mixture-bic.svg'])
      expect(report).toContain(figure);
    const csv = readFileSync(join(out, 'segments.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(2358);
    expect(csv[0]).toBe(
      'customerId,recency,frequency,monetary,pAlive,predictedClv,segment,cluster,clusterProbability',
    );
    // Each row is placed one customer at a time from segmentation.json (as the API places one), and
    // the placements add up to the population's segments and clusters.
    const rows = csv.slice(1).map((line) => line.split(','));
    const count = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map());
    const placedSegments = count(rows.map((r) => r[6]!));
    for (const [name, size] of Object.entries(sizes)) expect(placedSegments.get(name) ?? 0).toBe(size);
    const placedClusters = count(rows.map((r) => r[7]!));
    for (const [i, c] of clusters.entries()) expect(placedClusters.get(String(i + 1)) ?? 0).toBe(c.customers);
    const stored = JSON.parse(readFileSync(join(out, 'segmentation.json'), 'utf8'));
    expect(stored.profiles.segments.map((p: { customers: number }) => p.customers)).toEqual(
      Object.values(sizes),
    );
    const again = io();
    await runSegmentsCli(
      [...argv, '--out', join(root, 'again'), '--json', '--seed', '3'],
      again.io,
      SILENT_PROGRESS,
    );
    expect(again.stdout).toEqual(run.stdout);
  });

  it('builds cohort matrices whose first month is 100 % and writes the heatmaps', async () => {
    const run = io();
    const code = await runCohortsCli(
      ['--input', sample, '--format', 'cdnow-sample', '--out', join(root, 'cohorts'), '--json'],
      run.io,
    );
    expect(code).toBe(0);
    const result = JSON.parse(run.stdout.join('\n'));
    expect(result.cohorts).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(result.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(2357);
    for (const row of result.retention) expect(row[0]).toBe(1);
    expect(result.retention[2].at(-1)).toBeNull();
    expect(readFileSync(join(root, 'cohorts', 'report.md'), 'utf8')).toContain('cohort-retention.svg');
  });

  it('answers bad usage with one line and exit code 2', async () => {
    const run = io();
    expect(await runSegmentsCli(['--dataset', 'nope'], run.io, SILENT_PROGRESS)).toBe(2);
    expect(run.stderr[0]).toMatch(
      /--dataset must be one of cdnow-master, cdnow-sample, online-retail; got "nope"/,
    );
    expect(await runCohortsCli(['--input', sample], run.io)).toBe(2);
    expect(run.stderr.at(-1)).toMatch(/--format must be one of/);
    expect(await runCohortsCli(['--input', join(root, 'missing.txt'), '--format', 'cdnow'], run.io)).toBe(1);
    expect(run.stderr.at(-1)).toMatch(/cannot read .*missing\.txt: ENOENT/);
  });
});

it('npm run cohorts reads a mapped CSV file with the same input flags as npm run clv', async () => {
  const orders = join(root, 'orders.csv');
  writeFileSync(
    orders,
    'client_id;order_date;total\na;2024-01-05;10\na;2024-02-10;5\nb;2024-01-20;7\nc;2024-02-03;3\nc;2024-03-15;4\n',
  );
  const argv = ['--input', orders, '--format', 'csv', '--customer', 'client_id', '--amount', 'total'];
  const mapped = [...argv, '--date', 'order_date', '--delimiter', ';', '--out', join(root, 'csv-cohorts')];
  const run = io();
  expect(await runCohortsCli([...mapped, '--json'], run.io)).toBe(0);
  const result = JSON.parse(run.stdout.join('\n'));
  expect(result.cohorts).toEqual(['2024-01', '2024-02']);
  expect(result.sizes).toEqual([2, 1]);
  // Without a date column the mapping is incomplete: one line naming what is missing, exit 2.
  expect(await runCohortsCli(argv, run.io)).toBe(2);
  expect(run.stderr.at(-1)).toMatch(/--format csv needs --customer COL and --date COL/);
});
