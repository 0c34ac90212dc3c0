import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogFile } from '../../src/data/parse/index.ts';
import { writeSimulatedLog } from '../../src/data/simulator/writeSimulatedLog.ts';
import { prepareDataset } from '../../src/dataset/index.ts';
import { ProcessedTableError, readProcessedTable } from '../../src/dataset/processedTable.ts';
import { FEATURE_NAMES, FEATURE_VERSION, sessionFeatures } from '../../src/features/index.ts';
import { copyPageRecord, type PageRecord } from '../../src/session/index.ts';
import { handMadeSession } from '../data/logLines.ts';

let dir: string;
let logPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-test-'));
  logPath = join(dir, 'log.txt');
  await writeSimulatedLog({ outPath: logPath, sessions: 400, seed: 7 });
  await prepareDataset({ inputs: [logPath], outDir: join(dir, 'out') });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data:prepare on a simulated log', () => {
  it('writes every feature, the ids, the split, the labels and the oracle as Arrow columns', () => {
    const table = tableFromIPC(readFileSync(join(dir, 'out', 'features.arrow')));
    const names = table.schema.fields.map((field) => field.name);
    expect(names.slice(0, FEATURE_NAMES.length)).toEqual([...FEATURE_NAMES]);
    for (const name of [
      'sessionId',
      'lineNumber',
      'split',
      'churn',
      'remainingRevenue',
      'sessionRevenue',
      'revenueSoFar',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toContain('oracleChurnProbability');
    expect(names).toContain('oracleRemainingRevenue');
    expect(new Set(names).size).toBe(names.length);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.columns).toEqual(names);
    expect(table.numRows).toBe(manifest.rows);
  });

  it('splits by session, later sessions last, with no session in two splits', () => {
    const table = readProcessedTable(join(dir, 'out'));
    const { sessionId, split, manifest } = table;
    expect(manifest.sessions).toBe(400);
    expect(manifest.splits.train.sessions).toBe(280);
    expect(manifest.splits.validation.sessions).toBe(60);
    expect(manifest.splits.test.sessions).toBe(60);
    const splitOf = new Map<number, number>();
    for (let i = 0; i < sessionId.length; i++) {
      if (i > 0) expect(split[i]).toBeGreaterThanOrEqual(split[i - 1]);
      const seen = splitOf.get(sessionId[i]);
      if (seen !== undefined) expect(split[i]).toBe(seen);
      splitOf.set(sessionId[i], split[i]);
    }
    expect(splitOf.size).toBe(400);
    expect(manifest.splits.train.rows + manifest.splits.validation.rows + manifest.splits.test.rows).toBe(
      manifest.rows,
    );
  });

  it('records the input, its hash, the session order and no fallback', () => {
    const { manifest } = readProcessedTable(join(dir, 'out'));
    expect(manifest.featureVersion).toBe(FEATURE_VERSION);
    expect(manifest.inputs[0].path).toBe(logPath);
    expect(manifest.inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.separator).toBe(';');
    expect(manifest.sessionOrder.fallbackToPageLevel).toBe(false);
    expect(manifest.sessionOrder.followRate).toBe(1);
    expect(manifest.sessionOrder.continuationRate).toBeCloseTo(1 - 400 / manifest.rows, 10);
    expect(manifest.hasOracle).toBe(true);
  });

  it('gives labels that add up and features equal to the feature function on the same prefix', async () => {
    const table = readProcessedTable(join(dir, 'out'));
    const pages: PageRecord[] = [];
    await parseLogFile(logPath, (page) => pages.push(copyPageRecord(page)));
    expect(table.X.nRows).toBe(pages.length);
    let start = 0;
    for (let row = 0; row < pages.length; row++) {
      if (row > 0 && table.sessionId[row] !== table.sessionId[row - 1]) start = row;
      expect(table.pageId[row]).toBe(pages[row].pageId);
      expect(table.churn[row]).toBe(pages[row].terminal);
      expect(table.revenueSoFar[row] + table.remainingRevenue[row]).toBeCloseTo(table.sessionRevenue[row], 6);
      if (row % 37 === 0) {
        const expected = sessionFeatures({
          profile: pages[row].profile,
          hour: pages[row].hour,
          pages: pages.slice(start, row + 1),
        });
        expect(Array.from(table.X.row(row))).toEqual(Array.from(expected));
      }
    }
    const purchases = table.sessionRevenue.filter((value) => value > 0).length;
    expect(purchases).toBeGreaterThan(0);
  });

  it('carries the oracle of every line into its row', () => {
    const table = readProcessedTable(join(dir, 'out'));
    const rows = readFileSync(`${logPath}.oracle.csv`, 'latin1').trim().split('\n').slice(1);
    expect(rows).toHaveLength(table.X.nRows);
    for (const row of [0, 5, rows.length - 1]) {
      const [line, churn, revenue] = rows[row].split(',').map(Number);
      expect(table.lineNumber[row]).toBe(line);
      expect(table.oracle?.churnProbability[row]).toBe(churn);
      expect(table.oracle?.remainingRevenue[row]).toBe(revenue);
    }
  });

  it('refuses a table of another feature version, and a broken manifest, with a clear message', () => {
    const out = join(dir, 'out');
    expect(() => readProcessedTable(out, { featureVersion: 'f0' })).toThrow(
      /version "f1" but the code computes version "f0".*data:prepare/,
    );
    const manifestPath = join(out, 'manifest.json');
    const original = readFileSync(manifestPath, 'utf8');
    try {
      writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(original), rows: -1 }));
      expect(() => readProcessedTable(out)).toThrow(ProcessedTableError);
      expect(() => readProcessedTable(out)).toThrow(/rows/);
    } finally {
      writeFileSync(manifestPath, original);
    }
    expect(() => readProcessedTable(join(dir, 'nothing-here'))).toThrow(/run `npm run data:prepare` first/);
  });

  it('refuses a split name that is not train, validation or test, even one of the same length', () => {
    const out = join(dir, 'out');
    const featuresPath = join(out, 'features.arrow');
    const original = readFileSync(featuresPath);
    try {
      const table = tableFromIPC(original);
      const splits = table.getChild('split')?.toArray() as string[];
      // 'tset' has the length of 'test': a reader that told names apart by length took it for one.
      const corrupted = table.setChild('split', vectorFromArray(['tset', ...splits.slice(1)], new Utf8()));
      writeFileSync(featuresPath, tableToIPC(corrupted, 'file'));
      expect(() => readProcessedTable(out)).toThrow(/row 0 has a split that is not train\/validation\/test/);
    } finally {
      writeFileSync(featuresPath, original);
    }
  });
});

describe('data:prepare on a log out of session order', () => {
  it('falls back to page level: one session per page, unknown revenue labels, a warning', async () => {
    const inOrder = [...handMadeSession(4), ...handMadeSession(3), ...handMadeSession(5)];
    const shuffled = [7, 2, 10, 0, 5, 11, 3, 8, 1, 6, 9, 4].map((i) => inOrder[i]);
    const input = join(dir, 'shuffled.txt');
    writeFileSync(input, `${shuffled.join('\n')}\n`);
    const report = await prepareDataset({ inputs: [input], outDir: join(dir, 'shuffled') });
    expect(report.warnings.join(' ')).toContain('not in session order');
    const table = readProcessedTable(join(dir, 'shuffled'));
    expect(table.manifest.sessionOrder.fallbackToPageLevel).toBe(true);
    expect(table.manifest.sessions).toBe(12);
    expect(table.manifest.hasOracle).toBe(false);
    expect(Array.from(table.pageId)).toEqual([0, 2, 3, 0, 1, 4, 3, 1, 1, 2, 2, 0]);
    const hasFullHistory = table.X.columns[FEATURE_NAMES.indexOf('hasFullHistory')];
    expect(
      Array.from(table.pageId).map((pageId, row) => hasFullHistory[row] === (pageId === 0 ? 1 : 0)),
    ).not.toContain(false);
    expect(table.remainingRevenue.every(Number.isNaN)).toBe(true);
    expect(Array.from(table.churn)).toEqual(shuffled.map((line) => Number(line.at(-1))));
  });
});
