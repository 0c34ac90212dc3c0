import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import { readProductionPointer, resolveModelsDir, SEED_MODELS_DIR } from '../../registry/index.ts';
import { formatMetric, formatPercent } from '../../report/index.ts';
import { customerSource } from '../customerSource.ts';
import { type PolicyFile, readPolicyFile } from '../policyFile.ts';
import { policyReport } from '../policyReport.ts';
import type { PolicyPopulation } from '../population.ts';
import { sessionSnapshot } from '../sessionSnapshot.ts';
import { resultJson, type SimulationResult, simulatePolicies } from '../simulatePolicies.ts';

export const SIMULATE_POLICY_HELP = `Usage: npm run simulate-policy -- --policy FILE.json [options]

Monte-Carlo simulation of retention policies side by side: each draw takes an uplift from each
policy's assumed distribution and draws every targeted unit's outcome from the fitted models,
with and without the action. Prints incremental revenue, profit and ROI with 95 % intervals and
the break-even uplift; writes report.md with SVG figures. Uplift is an assumption, not learned.

Options:
  --policy FILE     the policy file (population, draws, policies; docs/policy-simulation.md)  required
  --seed N          seed of the draws (same seed, same output)                default 1
  --draws N         override the file's number of draws
  --out DIR         where report.md and the figures go                        default var/reports/policies
  --json            print the result as JSON on stdout (no table)
  -h, --help        show this help

Exit codes: 0 simulated, 1 failure (unreadable data, no models), 2 bad usage or invalid policy file.`;

/**
 * The simulate-policy command. Returns the exit code.
 *
 * @example
 * process.exitCode = await runSimulatePolicyCli(process.argv.slice(2));
 */
export async function runSimulatePolicyCli(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  return withExitCodes('simulate-policy', io, async () => {
    const flags = parseFlags(argv, {
      policy: { type: 'string' },
      seed: { type: 'string', default: '1' },
      draws: { type: 'string' },
      out: { type: 'string', default: 'var/reports/policies' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(SIMULATE_POLICY_HELP);
      return 0;
    }
    if (!flags.policy) throw new UsageError('--policy FILE.json is required.');
    const seed = integerFlag('--seed', flags.seed, -(2 ** 31), 2 ** 31 - 1);
    let file: PolicyFile;
    try {
      file = readPolicyFile(flags.policy);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const draws = flags.draws === undefined ? file.draws : integerFlag('--draws', flags.draws, 2, 1_000_000);
    const log = (line: string) => {
      if (!flags.json) io.stderr(line);
    };
    log(`building the population (${file.population.kind})…`);
    const population = await buildPopulation(file, seed);
    log(
      `simulating ${file.policies.length} policies over ${population.size.toLocaleString('en-US')} ${population.kind}, ${draws.toLocaleString('en-US')} draws…`,
    );
    const started = performance.now();
    const result = await simulatePolicies({ population, policies: file.policies, draws, seed });
    const seconds = (performance.now() - started) / 1000;
    const report = policyReport(result, { title: flags.policy, source: population.label });
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'report.md'), report.markdown);
    for (const [name, svg] of Object.entries(report.figures)) writeFileSync(join(flags.out, name), svg);
    if (flags.json) io.stdout(JSON.stringify(resultJson(result, seconds), null, 2));
    else {
      for (const line of summaryLines(result)) io.stdout(line);
      io.stdout(`${seconds.toFixed(1)} s; report: ${join(flags.out, 'report.md')}`);
    }
    return 0;
  });
}

async function buildPopulation(
  file: PolicyFile,
  seed: number,
): Promise<PolicyPopulation & { label: string }> {
  const source = file.population;
  if (source.kind === 'customers') return customerSource({ ...source, seed });
  // The working registry when it serves models, else the committed defaults it is seeded from.
  const working = resolveModelsDir(source.models);
  const modelsDir =
    source.models === undefined && readProductionPointer(working, 'churn') === null
      ? SEED_MODELS_DIR
      : working;
  return {
    ...sessionSnapshot({ dataDir: source.data, modelsDir, seed, maxSessions: source.maxSessions }),
    label: `${source.data} (test sessions) scored by the served models in ${modelsDir}`,
  };
}

function summaryLines(result: SimulationResult): string[] {
  return result.policies.map((p) => {
    const profit = p.incrementalProfit;
    const breakEven =
      p.breakEvenUplift === null ? 'never pays' : `break-even uplift ${formatPercent(p.breakEvenUplift)}`;
    return `${p.name}: ${p.targeted.toLocaleString('en-US')} targeted, profit ${formatMetric(profit.mean)} [${formatMetric(profit.low)}, ${formatMetric(profit.high)}], P(profit > 0) ${formatPercent(p.probabilityOfProfit)}, ${breakEven} (assumed ${formatPercent(p.assumedUpliftMean)})`;
  });
}

function integerFlag(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}; got "${text}".`);
  }
  return value;
}
