import { Cron } from 'croner';

export interface ScheduleHandle {
  /** The next planned run, or null when the expression has no future run. */
  nextRun(): Date | null;
  /** Stop planning runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Run `job` on a cron expression (croner: 5 or 6 fields, optional time zone), never two at once
 * (a run still going when the next is due is skipped, with a message). `onMessage` hears the next
 * run time after each run and about skips and failures; a failed run does not stop the schedule.
 *
 * @example
 * const schedule = scheduleRuns('0 3 * * 0', () => retrain(options), console.log);
 * process.once('SIGTERM', () => schedule.stop());
 */
export function scheduleRuns(
  expression: string,
  job: () => Promise<unknown>,
  onMessage: (line: string) => void,
  options: { timezone?: string } = {},
): ScheduleHandle {
  let running: Promise<unknown> | null = null;
  let cron: Cron;
  try {
    cron = new Cron(
      expression,
      { timezone: options.timezone, protect: true },
      async function scheduledRetrain() {
        running = job()
          .catch((error: unknown) => onMessage(`scheduled run failed: ${(error as Error).message}`))
          .finally(() => {
            running = null;
            onMessage(`next run: ${cron.nextRun()?.toISOString() ?? 'none'}`);
          });
        await running;
      },
    );
  } catch (error) {
    throw new Error(
      `"${expression}" is not a valid cron expression (${(error as Error).message}); e.g. "0 3 * * 0" = Sundays 03:00.`,
    );
  }
  return {
    nextRun: () => cron.nextRun(),
    async stop() {
      cron.stop();
      if (running) await running;
    },
  };
}
