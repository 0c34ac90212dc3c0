import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDataPrepare } from '../../src/dataset/index.ts';
import { handMadeLine, handMadeSession } from '../data/logLines.ts';

const run = promisify(execFile);
let dir: string;
let good: string;
let withBadLine: string;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runDataPrepare(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-cli-'));
  good = join(dir, 'good.txt');
  writeFileSync(good, `${[...handMadeSession(3), ...handMadeSession(2)].join('\n')}\n`);
  withBadLine = join(dir, 'bad.txt');
  writeFileSync(withBadLine, `${[...handMadeSession(3), handMadeLine({ hour: 31 })].join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run data:prepare', () => {
  it('prints help and exits 0 with --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--input FILE');
    expect(stdout).toContain('Exit codes');
  });

  it('exits 2 on an unknown flag and on a bad --split', async () => {
    const unknown = await cli(['--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--help');
    const split = await cli(['--input', good, '--split', '70/abc/15']);
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('70/15/15');
  });

  it('writes the table, prints the summary and exits 0 on a good log', async () => {
    const out = join(dir, 'good-out');
    const { code, stdout } = await cli(['--input', good, '--out', out, '--split', '60/20/20']);
    expect(code).toBe(0);
    expect(stdout).toContain('5 lines, 5 pages kept, 0 rejected');
    expect(stdout).toContain('2 sessions');
    expect(existsSync(join(out, 'features.arrow'))).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('skips and counts a bad line by default, and exits 1 on it with --strict, writing nothing', async () => {
    const lenient = await cli(['--input', withBadLine, '--out', join(dir, 'lenient')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('rejected hour-out-of-range: 1');
    expect(lenient.stdout).toContain('line 4: hour-out-of-range');
    const strictOut = join(dir, 'strict');
    const strict = await cli(['--input', withBadLine, '--out', strictOut, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${withBadLine}:4: bad line (hour-out-of-range)`);
    expect(existsSync(join(strictOut, 'features.arrow'))).toBe(false);
  });

  it('exits 1 with a readable message on a missing input', async () => {
    const { code, stderr } = await cli(['--input', join(dir, 'missing.txt'), '--out', join(dir, 'x')]);
    expect(code).toBe(1);
    expect(stderr).toContain('missing.txt');
    expect(stderr).not.toContain('    at ');
  });

  it('runs as a script whose exit code is the one of the command', async () => {
    const failure = await run(process.execPath, [
      '--import',
      'tsx',
      'scripts/data-prepare.ts',
      '--input',
      withBadLine,
      '--strict',
      '--out',
      join(dir, 'script-out'),
    ]).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain('hour-out-of-range');
  });
});
