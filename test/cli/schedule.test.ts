import { describe, expect, it } from 'vitest';
import { scheduleRuns } from '../../src/cli/schedule.ts';

describe('the retrain schedule', () => {
  it('runs the job on the cron expression, reports the next run, and stops cleanly', async () => {
    const messages: string[] = [];
    let runs = 0;
    let finishRun: () => void = () => {};
    const firstRun = new Promise<void>((resolve) => {
      finishRun = resolve;
    });
    const schedule = scheduleRuns(
      '* * * * * *',
      async () => {
        runs++;
        finishRun();
      },
      (line) => messages.push(line),
    );
    expect(schedule.nextRun()?.getTime()).toBeGreaterThan(Date.now() - 1);
    await firstRun;
    await schedule.stop();
    const runsAtStop = runs;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(runs).toBe(runsAtStop);
    expect(runs).toBeGreaterThanOrEqual(1);
  });

  it('keeps the schedule alive when a run fails, and says so', async () => {
    const messages: string[] = [];
    let failed: () => void = () => {};
    const reported = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const schedule = scheduleRuns(
      '* * * * * *',
      async () => {
        throw new Error('disk full');
      },
      (line) => {
        messages.push(line);
        if (line.startsWith('next run')) failed();
      },
    );
    await reported;
    await schedule.stop();
    expect(messages[0]).toBe('scheduled run failed: disk full');
    expect(messages[1]).toMatch(/^next run: \d{4}-/);
  });

  it('rejects an invalid cron expression with an example of a valid one', () => {
    expect(() =>
      scheduleRuns(
        'every sunday',
        async () => {},
        () => {},
      ),
    ).toThrow(/not a valid cron expression .*"0 3 \* \* 0"/);
  });
});
