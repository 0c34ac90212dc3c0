import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPageLine } from '../../src/data/lineFormat.ts';
import {
  ORACLE_HEADER,
  resolveSimulatorParams,
  SimulatorParamsError,
  simulateSessions,
  writeSimulatedLog,
} from '../../src/data/simulator/index.ts';

const directory = await mkdtemp(join(tmpdir(), 'simulator-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

async function generate(name: string, seed: number, sessions = 120) {
  const outPath = join(directory, name, 'log.txt');
  const summary = await writeSimulatedLog({ outPath, sessions, seed });
  return { summary, log: await readFile(outPath), oracle: await readFile(`${outPath}.oracle.csv`, 'latin1') };
}

describe('simulator determinism and files', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const first = await generate('a', 42);
    const again = await generate('b', 42);
    const other = await generate('c', 43);
    expect(first.log.equals(again.log)).toBe(true);
    expect(first.oracle).toBe(again.oracle);
    expect(first.log.equals(other.log)).toBe(false);
  });

  it('writes one oracle row per log line, in order, under the documented header', async () => {
    const { summary, log, oracle } = await generate('d', 7, 100);
    const lines = log.toString('latin1').trimEnd().split('\n');
    const rows = oracle.trimEnd().split('\n');
    expect(rows[0]).toBe(ORACLE_HEADER);
    expect(rows.length - 1).toBe(lines.length);
    expect(summary.pages).toBe(lines.length);
    expect(summary.sessions).toBe(100);
    expect(summary.logBytes).toBe(log.length);
    rows.slice(1).forEach((row, index) => {
      const [line, churn, remaining] = row.split(',').map(Number);
      expect(line).toBe(index + 1);
      expect(churn).toBeGreaterThan(0);
      expect(churn).toBeLessThanOrEqual(1);
      expect(remaining).toBeGreaterThanOrEqual(0);
    });
    const terminals = lines.filter((line) => line.endsWith(';1')).length;
    expect(terminals).toBe(100);
    expect(summary.churnRate).toBeCloseTo(100 / lines.length, 12);
  });

  it('yields the same pages whether records are reused or freshly allocated', () => {
    const fresh = [...simulateSessions({ sessions: 50, seed: 3 })].map(({ record }) =>
      formatPageLine(record),
    );
    const reused: string[] = [];
    for (const { record } of simulateSessions({ sessions: 50, seed: 3, reuseRecords: true })) {
      reused.push(formatPageLine(record));
    }
    expect(reused).toEqual(fresh);
  });

  it('changes only the knob it is given: a higher price level leaves the profile draws alone', () => {
    const base = [...simulateSessions({ sessions: 100, seed: 11 })];
    const pricier = [...simulateSessions({ sessions: 100, seed: 11, params: { price: { logMean: 5 } } })];
    expect(pricier.map((p) => p.record.profile)).not.toHaveLength(0);
    expect(pricier[0].record.profile).toEqual(base[0].record.profile);
    const meanPrice = (pages: typeof base) => {
      let sum = 0;
      let items = 0;
      for (const { record } of pages) {
        for (let i = 0; i < record.itemCount; i++) sum += Math.log(record.priceYuan[i]);
        items += record.itemCount;
      }
      return sum / items;
    };
    expect(meanPrice(pricier) - meanPrice(base)).toBeGreaterThan(0.5);
  });

  it('rejects bad knobs and options with a message naming the knob', () => {
    expect(() => resolveSimulatorParams({ shortPageShare: 1.5 })).toThrow(SimulatorParamsError);
    expect(() => resolveSimulatorParams({ profile: { ageLevelWeights: [1, 2] } })).toThrow(
      /profile.ageLevelWeights/,
    );
    expect(() => resolveSimulatorParams({ ctr: { median: 0 } })).toThrow(/ctr.median/);
    expect(() => resolveSimulatorParams({ prices: {} } as never)).toThrow(/unknown knob "prices"/);
    expect(() => resolveSimulatorParams({ price: { logmean: 5 } } as never)).toThrow(
      /unknown knob "price.logmean"; known: logMean/,
    );
    expect(() => [...simulateSessions({ sessions: -1, seed: 1 })]).toThrow(/sessions = -1/);
    expect(() => [...simulateSessions({ sessions: 1, seed: 1.5 })]).toThrow(/seed = 1.5/);
  });
});
