import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/usage.ts';
import { runMonitor } from '../../src/monitoring/cli/runMonitor.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'command-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a script as `npm run` does; resolve with its status and stderr whatever the status. */
async function script(file: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: ROOT,
      env: { ...process.env, DB_PATH: join(dir, 'requests.sqlite'), MODELS_DIR: join(dir, 'models') },
    });
    return { code: 0, stderr };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, stderr };
  }
}

const OPTIONS = {
  sessions: { type: 'string', short: 'n' },
  json: { type: 'boolean' },
} as const;

describe('command-line values that start with a dash', () => {
  it('are read as the value of the option before them, exactly as the `=` form', () => {
    const spaced = parseCommandLine({
      args: ['--sessions', '-5', '--json'],
      options: OPTIONS,
      allowPositionals: false,
    });
    const joined = parseCommandLine({
      args: ['--sessions=-5', '--json'],
      options: OPTIONS,
      allowPositionals: false,
    });
    expect(spaced.values).toEqual({ sessions: '-5', json: true });
    expect(spaced.values).toEqual(joined.values);
    expect(
      parseCommandLine({ args: ['-n', '-.5'], options: OPTIONS, allowPositionals: false }).values,
    ).toEqual({
      sessions: '-.5',
    });
  });

  it('still refuses an option where a value belongs, and a boolean never swallows a number', () => {
    expect(() =>
      parseCommandLine({ args: ['--sessions', '--json'], options: OPTIONS, allowPositionals: false }),
    ).toThrow(UsageError);
    expect(() =>
      parseCommandLine({ args: ['--json', '-5'], options: OPTIONS, allowPositionals: false }),
    ).toThrow(UsageError);
    const { positionals } = parseCommandLine({
      args: ['--', '--sessions', '-5'],
      options: OPTIONS,
      allowPositionals: true,
    });
    expect(positionals).toEqual(['--sessions', '-5']);
  });

  it('get the range message of each CLI, never "argument is ambiguous"', async () => {
    let stderr = '';
    const monitorCode = runMonitor(['ops', '--since', '-1h'], {
      stdout: () => {},
      stderr: (text) => (stderr += text),
      env: {},
    });
    expect(monitorCode).toBe(2);
    expect(stderr).toMatch(/since "-1h" is not a duration/);

    const [generate, start] = await Promise.all([
      script('scripts/data-generate.ts', ['--sessions', '-5']),
      script('scripts/start.ts', ['--demo-sessions', '-3']),
    ]);
    expect(generate.code).toBe(2);
    expect(generate.stderr).toMatch(/^data:generate: --sessions "-5" is not a whole number ≥ 1\./);
    expect(start.code).toBe(2);
    expect(start.stderr).toMatch(/^start: --demo-sessions must be a whole number ≥ 0, got "-3"\./);
    for (const output of [stderr, generate.stderr, start.stderr]) expect(output).not.toMatch(/ambiguous/);
  });
});

describe('data:generate --out', () => {
  it('naming a folder is one line before any simulation, exit 2', async () => {
    const result = await script('scripts/data-generate.ts', ['--sessions', '5', '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `data:generate: --out ${dir} is a folder: give the log file's path, e.g. ${join(dir, 'alibaba_behavior.txt')}.`,
    );
  });
});
