import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../src/data/simulator/writeSimulatedLog.ts';
import {
  findSessionCuts,
  type PrepareOptions,
  prepareDataset,
  runDataPrepare,
} from '../../src/dataset/index.ts';

let dir: string;
let logPath: string;
let shuffledPath: string;
const PIECE_BYTES = 64 * 1024;

/** Replace lines (1-based) in place, so the oracle still matches every other line by number. */
function replaceLines(path: string, replacements: Map<number, string>): void {
  const lines = readFileSync(path, 'latin1').split('\n');
  for (const [lineNumber, text] of replacements) lines[lineNumber - 1] = text;
  writeFileSync(path, lines.join('\n'), 'latin1');
}

/** Run prepare and return the table bytes and the manifest without its creation time. */
async function prepared(name: string, options: Omit<PrepareOptions, 'outDir'>) {
  const outDir = join(dir, name);
  const report = await prepareDataset({ ...options, outDir, pieceBytes: PIECE_BYTES });
  const manifest = JSON.parse(readFileSync(report.manifestPath, 'utf8'));
  delete manifest.createdAt;
  return { table: readFileSync(report.featuresPath), manifest, threads: report.threads };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-parallel-test-'));
  logPath = join(dir, 'log.txt');
  await writeSimulatedLog({ outPath: logPath, sessions: 300, seed: 11 });
  const lines = readFileSync(logPath, 'latin1').split('\n');
  // Bad lines of several reasons, some right after a terminal page (where a cut may fall) and one
  // that ends in ";1" itself (a cut after a rejected line).
  const afterTerminal = lines.findIndex((line, i) => i > 400 && line.endsWith(';1')) + 2;
  replaceLines(
    logPath,
    new Map([
      [5, ''],
      [afterTerminal, 'not;a;page;1'],
      [afterTerminal + 1, lines[afterTerminal].replace(/^\d+/, '99')],
      [700, lines[699].replace(';', ';;')],
      [900, 'x;1'],
    ]),
  );
  shuffledPath = join(dir, 'shuffled.txt');
  const good = lines.filter((line) => line.length > 0).slice(0, 600);
  const shuffled = good.map((_, i) => good[(i * 7919) % good.length]);
  writeFileSync(shuffledPath, `${shuffled.join('\r\n')}\r\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data:prepare on worker threads', () => {
  it('cuts the log only after lines ending in ";1", where no session continues', async () => {
    const cuts = await findSessionCuts(logPath, { separator: ';', pieceBytes: PIECE_BYTES });
    const bytes = readFileSync(logPath);
    expect(cuts.length).toBeGreaterThan(10);
    expect(cuts[0]).toBe(0);
    expect(cuts.at(-1)).toBe(bytes.length);
    for (const cut of cuts.slice(1, -1)) expect(bytes.subarray(cut - 3, cut).toString('latin1')).toBe(';1\n');
  });

  it('writes a table byte-identical to one thread, bad lines and oracle included', async () => {
    const one = await prepared('one', { inputs: [logPath], threads: 1 });
    const two = await prepared('two', { inputs: [logPath], threads: 2 });
    expect(two.threads).toBe(2);
    expect(one.manifest.hasOracle).toBe(true);
    expect(one.manifest.inputs[0].rejected).toBe(5);
    expect(one.manifest.rejected).toMatchObject({
      'blank-line': 1,
      'column-count': 3,
      'page-id-out-of-range': 1,
    });
    expect(two.manifest).toEqual(one.manifest);
    expect(two.table.length).toBe(one.table.length);
    expect(Buffer.compare(two.table, one.table)).toBe(0);
  });

  it('stays byte-identical with several inputs and more threads than cores', async () => {
    const inputs = [logPath, shuffledPath];
    const one = await prepared('many-one', { inputs, threads: 1 });
    const three = await prepared('many-three', { inputs, threads: 3 });
    expect(three.manifest).toEqual(one.manifest);
    expect(Buffer.compare(three.table, one.table)).toBe(0);
  });

  it('stays byte-identical in the page-level fallback (a shuffled log with Windows line ends)', async () => {
    const one = await prepared('shuffled-one', { inputs: [shuffledPath], threads: 1 });
    const two = await prepared('shuffled-two', { inputs: [shuffledPath], threads: 2 });
    expect(one.manifest.sessionOrder.fallbackToPageLevel).toBe(true);
    expect(two.manifest).toEqual(one.manifest);
    expect(Buffer.compare(two.table, one.table)).toBe(0);
  });

  it('takes --threads N or auto, refuses anything else with exit code 2, and says how many ran', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io = {
      stdout: (text: string) => stdout.push(text),
      stderr: (text: string) => stderr.push(text),
      isTTY: false,
    };
    expect(await runDataPrepare(['--input', logPath, '--threads', 'zero'], io)).toBe(2);
    expect(stderr.join('')).toContain('--threads must be a whole number from 1 to 64 or "auto", not "zero"');
    const out = join(dir, 'cli');
    expect(await runDataPrepare(['--input', logPath, '--out', out, '--threads', '2'], io)).toBe(0);
    // A 2 MB log is one 8 MiB piece: one thread runs, and the summary says so.
    expect(stdout.join('')).toContain('on 1 thread; scan ');
  });
});
