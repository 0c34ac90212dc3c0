import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { SILENT_PROGRESS } from '../../src/cli/progress.ts';
import {
  runDefaultModelsCli,
  runRetrainCli,
  runRollbackCli,
  runTrainCli,
} from '../../src/training/cli/index.ts';
import { removeTempDirs, tempDir } from './registryFixtures.ts';

afterAll(removeTempDirs);

function capture() {
  const lines: string[] = [];
  return { lines, io: { stdout: (t: string) => lines.push(t), stderr: (t: string) => lines.push(t) } };
}

describe('the training command lines', () => {
  it.each([
    ['train', runTrainCli],
    ['retrain', runRetrainCli],
    ['rollback', runRollbackCli],
    ['models:default', runDefaultModelsCli],
  ] as const)('%s --help prints usage and exit codes and succeeds', async (name, run) => {
    const { lines, io } = capture();
    expect(await run(['--help'], io, SILENT_PROGRESS)).toBe(0);
    expect(lines.join('\n')).toMatch(new RegExp(`^Usage: npm run ${name}[\\s\\S]*Exit codes:`));
  });

  it('rejects contradicting or invalid flags with exit code 2 and a pointer to --help', async () => {
    const { lines, io } = capture();
    expect(await runTrainCli(['--promote', '--no-promote'], io, SILENT_PROGRESS)).toBe(2);
    expect(await runTrainCli(['--task', 'revenue'], io, SILENT_PROGRESS)).toBe(2);
    expect(await runRetrainCli(['--skip-prepare', '--input', 'x.txt'], io, SILENT_PROGRESS)).toBe(2);
    expect(lines.join('\n')).toMatch(
      /train: --promote and --no-promote contradict each other\.\nRun with --help/,
    );
    expect(lines.join('\n')).toMatch(/--task must be churn or session-value; got "revenue"/);
  });

  it('keeps a retrain schedule running until SIGTERM, then stops cleanly with exit code 0', async () => {
    const { lines, io } = capture();
    const signals = new EventEmitter();
    const data = tempDir();
    const running = runRetrainCli(
      ['--skip-prepare', '--data', data, '--schedule', '0 3 * * 0'],
      io,
      SILENT_PROGRESS,
      signals,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines[0]).toMatch(/^retrain scheduled "0 3 \* \* 0"; next run: \d{4}-\d\d-\d\dT/);
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(lines.at(-1)).toBe('retrain schedule stopped.');
  });

  it('refuses an invalid schedule as bad usage (exit code 2) before doing any work', async () => {
    const { lines, io } = capture();
    expect(await runRetrainCli(['--skip-prepare', '--schedule', 'weekly'], io, SILENT_PROGRESS)).toBe(2);
    expect(lines.join('\n')).toMatch(/"weekly" is not a valid cron expression/);
  });
});
