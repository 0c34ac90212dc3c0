import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../src/data/simulator/index.ts';
import { prepareDataset } from '../../src/dataset/prepareDataset.ts';
import { runSimulatePolicyCli } from '../../src/policies/cli/simulatePolicyCli.ts';
import { removeTempDirs, tempDir } from '../training/registryFixtures.ts';

afterAll(removeTempDirs);

const root = tempDir('simulate-policy-');
const dataDir = join(root, 'processed');
const policyPath = join(root, 'policy.json');
const policyFile = {
  population: { kind: 'sessions', data: dataDir, models: 'models' },
  draws: 2000,
  policies: [
    {
      name: 'at risk',
      target: { where: { churnProbability: { min: 0.4 } } },
      actionCost: 0.02,
      uplift: { distribution: 'beta', mean: 0.1, sd: 0.03 },
      margin: 0.3,
    },
    {
      name: 'everyone',
      target: {},
      actionCost: 0.01,
      uplift: { distribution: 'fixed', value: 0.05 },
      margin: 0.3,
    },
  ],
};

beforeAll(async () => {
  await writeSimulatedLog({ outPath: join(root, 'raw.txt'), sessions: 300, seed: 3 });
  await prepareDataset({ inputs: [join(root, 'raw.txt')], outDir: dataDir });
  writeFileSync(policyPath, JSON.stringify(policyFile));
});

async function run(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runSimulatePolicyCli(argv, {
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run simulate-policy', () => {
  it('simulates session policies from the served models, prints JSON and writes the report with figures', async () => {
    const out = join(root, 'report');
    const first = await run(['--policy', policyPath, '--seed', '4', '--json', '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.kind).toBe('sessions');
    expect(result.draws).toBe(2000);
    expect(result.policies.map((p: { name: string }) => p.name)).toEqual(['at risk', 'everyone']);
    const everyone = result.policies[1];
    expect(everyone.targeted).toBe(result.units);
    expect(everyone.incrementalRevenue.mean).toBeGreaterThan(0);
    expect(everyone.incrementalProfit.low).toBeLessThan(everyone.incrementalProfit.high);
    expect(result.policies[0].targeted).toBeLessThan(result.units);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('Uplift is an assumption, not a measurement');
    expect(report).toContain('| at risk');
    expect(existsSync(join(out, 'policy-profit-distribution.svg'))).toBe(true);
    const again = await run(['--policy', policyPath, '--seed', '4', '--json', '--out', out]);
    const { seconds: _a, ...firstResult } = result;
    const { seconds: _b, ...againResult } = JSON.parse(again.stdout);
    expect(againResult).toEqual(firstResult);
  });

  it('answers a bad policy file or flag with one line and exit code 2', async () => {
    const bad = join(root, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...policyFile, policies: [{ ...policyFile.policies[0], margin: 2 }] }),
    );
    const invalid = await run(['--policy', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr.split('\n')[0]).toMatch(
      /policy file .*bad\.json: policies\.0\.margin: .*docs\/policy-simulation\.md/,
    );
    writeFileSync(bad, '{ not json');
    expect((await run(['--policy', bad])).stderr).toMatch(/is not JSON/);
    expect((await run(['--policy', join(root, 'missing.json')])).stderr).toMatch(
      /cannot read policy file .*ENOENT/,
    );
    expect((await run([])).code).toBe(2);
    expect((await run(['--policy', policyPath, '--draws', '1'])).stderr).toMatch(
      /--draws must be an integer from 2/,
    );
    expect((await run(['--help'])).stdout).toContain('Usage: npm run simulate-policy');
  });

  it('fails with exit code 1 and one line when a target names an attribute sessions lack', async () => {
    const wrong = join(root, 'wrong.json');
    writeFileSync(
      wrong,
      JSON.stringify({
        ...policyFile,
        policies: [{ ...policyFile.policies[0], target: { where: { clv: { min: 1 } } } }],
      }),
    );
    const result = await run(['--policy', wrong, '--out', join(root, 'r2')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /target.where.clv is not an attribute of sessions; use one of churnProbability, value/,
    );
  });
});
