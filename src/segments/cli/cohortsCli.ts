import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIo, PROCESS_IO, parseFlags, withExitCodes } from '../../cli/usage.ts';
import { formatPercent } from '../../report/index.ts';
import {
  formatReadSummary,
  readTransactionInput,
  TRANSACTION_INPUT_FLAGS,
  TRANSACTION_INPUT_HELP,
} from '../../transactions/index.ts';
import { averageRetention, cohortMatrices, cohortsJson } from '../cohorts.ts';
import { cohortsReport } from '../cohortsReport.ts';

export const COHORTS_HELP = `Usage: npm run cohorts -- --dataset NAME | --input FILE --format F [options]

First-purchase-month cohorts × months since the first purchase: retention (share of the cohort
buying) and revenue matrices, written as report.md with heatmaps, cohorts.json and a summary.

${TRANSACTION_INPUT_HELP}

Options:
  --out DIR         where the report goes                            default var/reports/cohorts
  --json            print the matrices as JSON on stdout
  -h, --help        show this help

Exit codes: 0 written, 1 failure (unreadable or empty file), 2 bad usage.`;

/**
 * The cohorts command. Returns the exit code.
 *
 * @example
 * process.exitCode = await runCohortsCli(process.argv.slice(2));
 */
export async function runCohortsCli(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  return withExitCodes('cohorts', io, async () => {
    const flags = parseFlags(argv, {
      ...TRANSACTION_INPUT_FLAGS,
      out: { type: 'string', default: 'var/reports/cohorts' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(COHORTS_HELP);
      return 0;
    }
    if (!flags.json) io.stderr('reading transactions…');
    const { log, summary, label } = await readTransactionInput(flags);
    if (!flags.json) for (const line of formatReadSummary(summary)) io.stderr(line);
    const matrices = cohortMatrices(log);
    const report = cohortsReport(matrices, label);
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'report.md'), report.markdown);
    for (const [name, svg] of Object.entries(report.figures)) writeFileSync(join(flags.out, name), svg);
    const json = cohortsJson(matrices);
    writeFileSync(join(flags.out, 'cohorts.json'), `${JSON.stringify(json)}\n`);
    if (flags.json) io.stdout(JSON.stringify(json, null, 2));
    else {
      const average = averageRetention(matrices);
      const milestones = [1, 3, 6, 12].filter((m) => m < average.length);
      io.stdout(
        `${matrices.cohorts.length} cohorts (${matrices.cohorts[0]} … ${matrices.cohorts.at(-1)}); average retention ${milestones.map((m) => `month ${m} ${formatPercent(average[m])}`).join(', ')}`,
      );
      io.stdout(`report: ${join(flags.out, 'report.md')}`);
    }
    return 0;
  });
}
