import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadLineError, LogInputError } from '../../src/data/parse/index.ts';
import { writeSimulatedLog } from '../../src/data/simulator/writeSimulatedLog.ts';
import { findSessionCuts, type PrepareOptions, prepareDataset } from '../../src/dataset/index.ts';
import { PiecePool } from '../../src/dataset/parallel/piecePool.ts';

// Edge cases of the pieces the threads parse (docs/data.md, "Threads"): every case is compared with
// the one-thread run, which reads each input whole, twice.
let dir: string;
let logPath: string;
let logLines: string[];
/** Lines (1-based) turned bad, spread so that most pieces of 16 KiB hold one or more. */
const BAD_LINES = [
  3, 40, 41, 95, 160, 161, 162, 230, 300, 301, 370, 444, 520, 521, 600, 690, 750, 751, 820, 880, 905, 950,
];

async function prepared(name: string, options: Omit<PrepareOptions, 'outDir'>) {
  const messages: string[] = [];
  const report = await prepareDataset({
    ...options,
    outDir: join(dir, name),
    onMessage: (line) => messages.push(line),
  });
  const manifest = JSON.parse(readFileSync(report.manifestPath, 'utf8'));
  delete manifest.createdAt;
  return { table: readFileSync(report.featuresPath), manifest, messages, threads: report.threads };
}

async function expectSameAsOneThread(name: string, options: Omit<PrepareOptions, 'outDir'>) {
  const one = await prepared(`${name}-one`, { ...options, threads: 1 });
  const many = await prepared(`${name}-many`, options);
  expect(many.manifest).toEqual(one.manifest);
  expect(many.messages).toEqual(one.messages);
  expect(Buffer.compare(many.table, one.table)).toBe(0);
  return { one, many };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-pieces-'));
  logPath = join(dir, 'log.txt');
  await writeSimulatedLog({ outPath: logPath, sessions: 260, seed: 5 });
  logLines = readFileSync(logPath, 'latin1').split('\n');
  const lines = [...logLines];
  // Four reasons; line 161 (after 160) and 521 (after 520) follow a bad line.
  for (const [k, lineNumber] of BAD_LINES.entries()) {
    const good = lines[lineNumber - 1];
    lines[lineNumber - 1] = [
      'x;1',
      good.replace(/^\d+;\d+/, '0;24'),
      good.replace(/;[01]$/, ';7'),
      good.split(';').slice(0, 12).join(';'),
    ][k % 4];
  }
  writeFileSync(logPath, lines.join('\n'), 'latin1');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data:prepare pieces at their edges', () => {
  it('moves a cut that would fall inside a session to the next session end', async () => {
    // Pieces of 1 KiB are shorter than one line: each cut moves to the next line ending in ";1".
    const cuts = await findSessionCuts(logPath, { separator: ';', pieceBytes: 1024 });
    const bytes = readFileSync(logPath);
    for (let k = 1; k + 1 < cuts.length; k++) {
      expect(bytes.subarray(cuts[k] - 3, cuts[k]).toString('latin1')).toBe(';1\n');
      // The cut is the first line end after 1 KiB that follows ";1": no such line end in between.
      for (
        let end = bytes.indexOf(10, cuts[k - 1] + 1024);
        end < cuts[k] - 1;
        end = bytes.indexOf(10, end + 1)
      )
        expect(bytes.subarray(end - 2, end).toString('latin1')).not.toBe(';1');
    }
    const { many } = await expectSameAsOneThread('tiny-pieces', {
      inputs: [logPath],
      threads: 2,
      pieceBytes: 1024,
    });
    expect(many.threads).toBe(2);
    expect(many.manifest.sessions).toBeGreaterThan(cuts.length / 2);
  });

  it('runs one thread on a file smaller than one piece, with the same output', async () => {
    const { many } = await expectSameAsOneThread('one-piece', { inputs: [logPath], threads: 2 });
    expect(many.threads).toBe(1);
  });

  it('counts bad lines from every piece with their line numbers in the whole file', async () => {
    const { many } = await expectSameAsOneThread('bad-lines', {
      inputs: [logPath],
      threads: 3,
      pieceBytes: 16 * 1024,
    });
    expect(many.manifest.inputs[0].rejected).toBe(BAD_LINES.length);
    expect(many.manifest.rejected).toMatchObject({
      'column-count': 11,
      'hour-out-of-range': 6,
      'flag-not-binary': 5,
    });
    // The summary lists the first 20 bad lines, line numbers counted from the top of the file.
    const listed = many.messages.filter((line) => /^ {2}line \d+:/.test(line));
    expect(listed.map((line) => Number(/line (\d+)/.exec(line)?.[1]))).toEqual(BAD_LINES.slice(0, 20));
    expect(many.messages).toContain('  … 2 more bad lines not listed');
  });

  it('keeps rows of the first pass only within the parse-once budget, the rest parsed again', async () => {
    await expectSameAsOneThread('budget', {
      inputs: [logPath],
      threads: 2,
      pieceBytes: 16 * 1024,
      parseOnceBytes: 100 * 1024,
    });
    await expectSameAsOneThread('no-budget', {
      inputs: [logPath],
      threads: 2,
      pieceBytes: 16 * 1024,
      parseOnceBytes: 0,
    });
  });

  it('stops at the first bad line in strict mode with its line number in the whole file', async () => {
    // Only the bad line of a later piece: the pieces before it hold good lines only.
    const strictLog = join(dir, 'strict.txt');
    const lines = [...logLines];
    lines[700 - 1] = 'not;a;page';
    writeFileSync(strictLog, lines.join('\n'), 'latin1');
    const options = { inputs: [strictLog], strict: true, pieceBytes: 16 * 1024 };
    const one = await prepareDataset({ ...options, outDir: join(dir, 'strict-one'), threads: 1 }).catch(
      (e) => e,
    );
    const two = await prepareDataset({ ...options, outDir: join(dir, 'strict-two'), threads: 2 }).catch(
      (e) => e,
    );
    expect(one).toBeInstanceOf(BadLineError);
    expect(two).toBeInstanceOf(BadLineError);
    expect(two.lineNumber).toBe(700);
    expect(two.message).toBe(one.message);
  });

  it('reports the first input that cannot be read, as one thread does', async () => {
    const missing = join(dir, 'missing.txt');
    const options = { inputs: [logPath, missing], pieceBytes: 16 * 1024 };
    const one = await prepareDataset({ ...options, outDir: join(dir, 'missing-one'), threads: 1 }).catch(
      (e) => e,
    );
    const two = await prepareDataset({ ...options, outDir: join(dir, 'missing-two'), threads: 2 }).catch(
      (e) => e,
    );
    expect(two).toBeInstanceOf(LogInputError);
    expect(two.message).toBe(one.message);
  });

  it('fails the task of a piece a thread cannot read, and keeps the thread for the next', async () => {
    const pool = new PiecePool(1);
    try {
      const task = {
        start: 0,
        end: 1000,
        separator: ';' as const,
        strict: false,
        keepRows: true,
        pageLevel: false,
      };
      await expect(pool.run({ ...task, index: 0, path: join(dir, 'gone.txt') })).rejects.toThrow(
        /prepare thread failed on piece 0: ENOENT/,
      );
      const result = await pool.run({ ...task, index: 1, path: logPath, end: readFileSync(logPath).length });
      expect(result.summary.rejectedTotal).toBe(BAD_LINES.length);
      expect(result.rows?.rows).toBe(result.summary.pagesKept);
    } finally {
      await pool.close();
    }
  });

  it('counts an empty input and one holding only a byte-order mark like one thread', async () => {
    const empty = join(dir, 'empty.txt');
    const bomOnly = join(dir, 'bom.txt');
    writeFileSync(empty, '');
    writeFileSync(bomOnly, Buffer.from([0xef, 0xbb, 0xbf]));
    const { many } = await expectSameAsOneThread('empty-inputs', {
      inputs: [empty, logPath, bomOnly],
      threads: 2,
      pieceBytes: 16 * 1024,
    });
    expect(many.manifest.inputs.map((input: { sizeBytes: number }) => input.sizeBytes)).toEqual([
      0,
      many.manifest.inputs[1].sizeBytes,
      3,
    ]);
  });
});
