import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORACLE_HEADER } from '../../src/data/simulator/index.ts';
import { createProgressReporter, OracleFileError, prepareDataset } from '../../src/dataset/index.ts';
import { readProcessedTable } from '../../src/dataset/processedTable.ts';
import { handMadeLine, handMadeSession } from '../data/logLines.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-inputs-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLog(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('data:prepare with several inputs and oracle files', () => {
  it('never continues a session from one input into the next and numbers the inputs', async () => {
    // The first file ends mid-session (pages 0, 1); the second starts with page 2 of the same user.
    const first = writeLog('a.txt', [
      ...handMadeSession(2),
      handMadeLine({ pageId: 0 }),
      handMadeLine({ pageId: 1 }),
    ]);
    const tenSessions = Array.from({ length: 10 }, () => handMadeSession(3)).flat();
    const second = writeLog('b.txt', [handMadeLine({ pageId: 2, terminal: 1 }), ...tenSessions]);
    await prepareDataset({ inputs: [first, second], outDir: join(dir, 'two') });
    const table = readProcessedTable(join(dir, 'two'));
    expect(table.manifest.inputs.map((input) => input.path)).toEqual([first, second]);
    expect(Array.from(table.sessionId.subarray(0, 8))).toEqual([0, 0, 1, 1, 2, 3, 3, 3]);
    expect(Array.from(table.lineNumber.subarray(0, 8))).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(table.manifest.sessions).toBe(13);
    expect(table.manifest.sessionOrder.sessionsStartingLate).toBe(1);
    expect(table.manifest.sessionOrder.unterminatedSessions).toBe(1);
    expect(table.manifest.sessionOrder.fallbackToPageLevel).toBe(false);
  });

  it('adds the oracle by line number, and fails clearly when the oracle ends before its log', async () => {
    const log = writeLog('sim.txt', [...handMadeSession(2), ...handMadeSession(1)]);
    writeFileSync(
      `${log}.oracle.csv`,
      `${ORACLE_HEADER}\n1,0.1,3.5,0.2,3.0\n2,0.9,0.0,0.8,0.0\n3,0.75,0.0,0.7,0.0\n`,
    );
    await prepareDataset({ inputs: [log], outDir: join(dir, 'oracle') });
    const table = readProcessedTable(join(dir, 'oracle'));
    expect(Array.from(table.oracle?.churnProbability ?? [])).toEqual([0.1, 0.9, 0.75]);
    expect(Array.from(table.oracle?.remainingRevenue ?? [])).toEqual([3.5, 0, 0]);
    expect(Array.from(table.oracle?.observableChurnProbability ?? [])).toEqual([0.2, 0.8, 0.7]);
    expect(Array.from(table.oracle?.observableRemainingRevenue ?? [])).toEqual([3, 0, 0]);

    const short = join(dir, 'short.txt');
    copyFileSync(log, short);
    writeFileSync(`${short}.oracle.csv`, `${ORACLE_HEADER}\n1,0.1,3.5,0.2,3.0\n`);
    const failure = prepareDataset({ inputs: [short], outDir: join(dir, 'short') });
    await expect(failure).rejects.toThrow(OracleFileError);
    await expect(prepareDataset({ inputs: [short], outDir: join(dir, 'short') })).rejects.toThrow(
      /ends before log line 2/,
    );
  });

  it('asks for a regenerated oracle file when it predates the observable oracle', async () => {
    const log = writeLog('older.txt', handMadeSession(1));
    writeFileSync(`${log}.oracle.csv`, 'line,churnProbability,expectedRemainingRevenueYuan\n1,0.5,0.0\n');
    await expect(prepareDataset({ inputs: [log], outDir: join(dir, 'older') })).rejects.toThrow(
      /older simulator.*npm run data:generate/,
    );
  });

  it('refuses an oracle file with another header', async () => {
    const log = writeLog('other.txt', handMadeSession(1));
    writeFileSync(`${log}.oracle.csv`, 'id,p\n1,0.5\n');
    await expect(prepareDataset({ inputs: [log], outDir: join(dir, 'other') })).rejects.toThrow(
      /expected the header/,
    );
  });

  it('fails with a clear message when every line is bad', async () => {
    const log = writeLog('bad.txt', [handMadeLine({ hour: 40 }), handMadeLine({ hour: 41 })]);
    await expect(prepareDataset({ inputs: [log], outDir: join(dir, 'bad') })).rejects.toThrow(/no good page/);
    expect(() => readFileSync(join(dir, 'bad', 'features.arrow'))).toThrow();
  });
});

describe('progress reporting', () => {
  it('writes plain lines with phase, MB and pages/s when not on a terminal', () => {
    const lines: string[] = [];
    const progress = createProgressReporter({
      isTTY: false,
      write: (line) => lines.push(line),
      intervalMs: 0,
    });
    progress.update({ phase: 'scan', bytesDone: 5e6, bytesTotal: 10e6, pages: 2000 });
    progress.update({ phase: 'featurize', bytesDone: 10e6, bytesTotal: 10e6, pages: 4000 });
    progress.stop();
    expect(lines[0]).toMatch(/^scan: 50 % \(5\/10 MB\), 2000 pages, [\d.]+ MB\/s, \d+ pages\/s\n$/);
    expect(lines[1]).toMatch(/^featurize: 100 %/);
  });
});
