import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from './helpers/findChromium.ts';

const ROOT = join(import.meta.dirname, '..');

function listedTestFiles(args: string[]): string[] {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'list', '--filesOnly', '--json', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { file: string }[]).map(({ file }) => relative(ROOT, file)).sort();
}

describe('the browser tests run as their own script', () => {
  it('npm test leaves every *.browser.test.ts out, npm run test:browser runs exactly those', () => {
    const browser = 'test/monitoring/dashboard.browser.test.ts';
    const plain = listedTestFiles([]);
    expect(plain).toContain('test/browserTests.test.ts');
    expect(plain.filter((file) => file.endsWith('.browser.test.ts'))).toEqual([]);
    expect(listedTestFiles(['--config', 'vitest.browser.config.ts'])).toEqual([browser]);
  });
});

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'find-chromium-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const executable = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };
  const binA = join(dir, 'a');
  const binB = join(dir, 'b');
  const ubuntu = executable(join(binB, 'chromium-browser'));
  mkdirSync(binA, { recursive: true });
  writeFileSync(join(binA, 'chromium'), 'not executable');
  const snap = executable(join(dir, 'snap', 'chromium'));

  it('finds another command name on PATH than Debian’s, skipping files that are not executable', () => {
    expect(findChromium({ env: { PATH: `${binA}:${binB}` }, paths: [] })).toBe(ubuntu);
  });

  it('falls back to fixed install paths, then to the extra paths', () => {
    expect(findChromium({ env: { PATH: binA }, paths: [join(dir, 'nope'), snap] })).toBe(snap);
    expect(findChromium({ env: {}, paths: [], extraPaths: [snap] })).toBe(snap);
  });

  it('CHROMIUM_PATH wins, and a wrong one is an error naming it instead of a silent fallback', () => {
    expect(findChromium({ env: { CHROMIUM_PATH: snap, PATH: binB } })).toBe(snap);
    expect(() => findChromium({ env: { CHROMIUM_PATH: join(dir, 'typo'), PATH: binB } })).toThrow(
      /CHROMIUM_PATH=.*typo is not an executable file/,
    );
  });

  it('says what it tried and how to install one when nothing is found', () => {
    expect(() => findChromium({ env: { PATH: binA }, paths: [join(dir, 'nope')] })).toThrow(
      /No Chromium found \(tried chromium, chromium-browser.* on PATH and .*nope\): run `apt-get install chromium`, or set CHROMIUM_PATH/,
    );
  });
});
