import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import {
  openWorkingRegistry,
  resolveModelsDir,
  TaskSchema,
  taskDir,
  VERSION_ID_PATTERN,
} from '../../registry/index.ts';
import { rollback } from '../promotion/rollback.ts';

export const ROLLBACK_HELP = `Usage: npm run rollback -- --task TASK [options]

Point a task's production back to the version it replaced (the pointer's previousVersion, else the
history), atomically, and append a "rolled-back" record to <models>/<task>/history.jsonl. The target
must load with the current features, otherwise nothing changes. A running API picks it up without a
restart. Rolling back twice undoes the first rollback.

Options:
  --task TASK       churn | session-value (required)
  --to VERSION      roll back to this version instead of the previous one
  --models DIR      model registry (MODELS_DIR)                        default var/models,
                    seeded from the committed default models in models/
  -h, --help        show this help

Exit codes: 0 rolled back, 1 failure (nothing changed), 2 bad usage.`;

/**
 * The rollback command. Returns the exit code.
 *
 * @example
 * process.exitCode = await runRollbackCli(['--task', 'churn']);
 */
export async function runRollbackCli(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  return withExitCodes('rollback', io, () => {
    const flags = parseFlags(argv, {
      task: { type: 'string' },
      to: { type: 'string' },
      models: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(ROLLBACK_HELP);
      return 0;
    }
    const task = TaskSchema.safeParse(flags.task);
    if (!task.success)
      throw new UsageError(
        `--task must be churn or session-value; got ${JSON.stringify(flags.task ?? null)}.`,
      );
    if (flags.to !== undefined && !VERSION_ID_PATTERN.test(flags.to)) {
      throw new UsageError(
        `--to ${JSON.stringify(flags.to)} is not a version id (YYYYMMDDTHHMMSSZ-<8 hex digits>, a folder of ${taskDir(resolveModelsDir(flags.models), task.data)}).`,
      );
    }
    const record = rollback(openWorkingRegistry(flags.models), task.data, { to: flags.to });
    io.stdout(
      `${task.data}: production ${record.productionVersionBefore} → ${record.productionVersionAfter} (${record.reason}).`,
    );
    return 0;
  });
}
