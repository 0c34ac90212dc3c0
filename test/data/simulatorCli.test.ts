import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const directory = await mkdtemp(join(tmpdir(), 'data-generate-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Spawn the real script; resolve with its exit status and output (never reject on status ≠ 0). */
async function generate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/data-generate.ts', ...args],
      {
        cwd: ROOT,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run data:generate', () => {
  it('writes the log and its oracle, prints a summary and exits 0', async () => {
    const out = join(directory, 'nested', 'log.txt');
    const { code, stdout } = await generate([
      '--sessions',
      '40',
      '--seed',
      '9',
      '--out',
      out,
      '--separator',
      '|',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/sessions 40, pages \d+/);
    expect(stdout).toMatch(/pages with a purchase \d+/);
    expect(stdout).toMatch(/churn rate [\d.]+ % of pages/);
    const log = await readFile(out, 'latin1');
    const oracle = await readFile(`${out}.oracle.csv`, 'latin1');
    const lines = log.trimEnd().split('\n');
    expect(lines.every((line) => line.split('|').length === 15)).toBe(true);
    expect(oracle.trimEnd().split('\n')).toHaveLength(lines.length + 1);
  });

  it('exits 2 with a sentence on bad usage, and 0 with the usage on --help', async () => {
    const badCount = await generate(['--sessions', 'many']);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toMatch(/--sessions "many" is not a whole number/);
    const badKnob = await generate(['--sessions', '1', '--params', '{"price":{"logmean":5}}']);
    expect(badKnob.code).toBe(2);
    expect(badKnob.stderr).toMatch(/unknown knob "price.logmean"/);
    const unknownFlag = await generate(['--size', '3']);
    expect(unknownFlag.code).toBe(2);
    const help = await generate(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run data:generate/);
  });
});
