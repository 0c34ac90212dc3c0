import { existsSync } from 'node:fs';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../cli/usage.ts';
import { formatParseSummary } from '../data/parse/index.ts';
import { resolveModelsDir, seedWorkingRegistry } from '../registry/index.ts';
import { scoreLog } from './scoreLog.ts';

export const SCORE_HELP = `Usage: npm run score -- --input LOG --out FILE [--models DIR] [--level 0.8]

Scores every page of a behaviour log with both production models, streaming in constant memory:
churn probability, expected remaining revenue and its interval, model versions — the numbers the
API answers for the same pages. The output format follows --out's extension: .csv or .arrow.

  --input LOG    the behaviour log (any separator; bad lines are counted by reason, as data:prepare)
  --out FILE     where to write the scores (.csv or .arrow)
  --models DIR   registry to read production from (default: MODELS_DIR, else var/models)
  --level L      interval level, 0.50–0.99 in steps of 0.01 (default 0.80)
Exit codes: 0 scored, 1 failed (unreadable log, no model), 2 bad usage.`;

/**
 * The `npm run score` command: parse flags, score, print the summary.
 *
 * @example
 * process.exitCode = await runScoreCli(['--input', 'log.txt', '--out', 'scores.csv']);
 */
export async function runScoreCli(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  return withExitCodes('score', io, async () => {
    const flags = parseFlags(argv, {
      input: { type: 'string' },
      out: { type: 'string' },
      models: { type: 'string' },
      level: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (flags.help) {
      io.stdout(SCORE_HELP);
      return 0;
    }
    if (!flags.input || !flags.out) throw new UsageError('give --input LOG and --out FILE.');
    if (!existsSync(flags.input)) throw new UsageError(`--input ${flags.input}: no such file.`);
    if (!/\.(csv|arrow)$/.test(flags.out))
      throw new UsageError(`--out ${flags.out}: use a .csv or .arrow file.`);
    const levelText = flags.level ?? '0.8';
    const level = Number(levelText);
    if (!/^0?\.\d{1,2}$/.test(levelText) || !(level >= 0.5 && level <= 0.99)) {
      throw new UsageError(`--level ${levelText}: give 0.50 to 0.99 in steps of 0.01, e.g. --level 0.9.`);
    }
    const modelsDir = resolveModelsDir(flags.models);
    // A fresh clone's working registry starts as a copy of the committed default models.
    seedWorkingRegistry(modelsDir);
    const report = await scoreLog({
      input: flags.input,
      out: flags.out,
      modelsDir,
      level,
    });
    for (const line of formatParseSummary(report.parse)) io.stdout(line);
    io.stdout(
      `Scored ${report.pages.toLocaleString('en-US')} pages of ${report.sessions.toLocaleString('en-US')} sessions in ` +
        `${report.seconds.toFixed(1)} s (${Math.round(report.pages / report.seconds).toLocaleString('en-US')} pages/s) → ${flags.out}`,
    );
    io.stdout(`Models: churn ${report.churnModelVersion}, session-value ${report.valueModelVersion}`);
    return 0;
  });
}
