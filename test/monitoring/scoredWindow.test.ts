import { describe, expect, it } from 'vitest';
import { checkFeatures } from '../../src/monitoring/featureQuality.ts';
import {
  parseVectorInto,
  readScoredWindow,
  scoredWindowInPasses,
} from '../../src/monitoring/scoredWindow.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import { columnReference } from '../../src/registry/reference.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';

const parse = (text: string, width = 3) => {
  const columns = Array.from({ length: width }, () => new Float64Array(1));
  const ok = parseVectorInto(text, columns, 0);
  return { ok, values: columns.map((c) => c[0]) };
};

describe('parsing a logged feature vector', () => {
  it('reads numbers as JSON.parse does, exponents and negatives included', () => {
    const text = '[0.05426610052857719,-3,1e-7]';
    expect(parse(text)).toEqual({ ok: true, values: JSON.parse(text) });
  });

  it('reads null as missing (NaN)', () => {
    expect(parse('[1,null,2]')).toEqual({ ok: true, values: [1, Number.NaN, 2] });
  });

  it('flags a vector of the wrong length and fills the absent entries with NaN', () => {
    expect(parse('[1,2]')).toEqual({ ok: false, values: [1, 2, Number.NaN] });
    expect(parse('[1,2,3,4]')).toEqual({ ok: false, values: [1, 2, 3] });
    expect(parse('[]')).toEqual({ ok: false, values: [Number.NaN, Number.NaN, Number.NaN] });
  });

  it('flags text that is not an array, and unparsable entries are missing', () => {
    expect(parse('{"a":1}')).toEqual({ ok: false, values: [Number.NaN, Number.NaN, Number.NaN] });
    expect(parse('[1,"x",3]')).toEqual({ ok: true, values: [1, Number.NaN, 3] });
  });
});

describe('reading the scored window in passes (memory bounded at 1M rows)', () => {
  const HOUR = 3_600_000;
  const NOW = Date.UTC(2026, 10, 23, 12);
  const window = resolveTimeWindow({ since: '1h', window: '15m', nowMs: NOW });
  const opts = { task: 'churn', featureVersion: 'f1', featureCount: 5, window };

  it('yields every feature once, a few per pass, over the same pinned rows; quality is as in one pass', () => {
    const log = createTempRequestLog();
    try {
      insertRequests(
        log.db,
        Array.from({ length: 400 }, (_, i) => ({
          tsMs: NOW - HOUR + 5000 + i * 8000,
          task: 'churn' as const,
          featureVersion: 'f1',
          features: [i % 7, i % 2 ? Number.NaN : 1, i, -i, i % 3 === 0 ? 99 : 0.5],
          prediction: 0.3,
        })),
      );
      // 400 rows × 8 bytes × 2 columns: two feature columns a pass.
      const passes = scoredWindowInPasses(log.db, opts, 400 * 8 * 2);
      const first = passes.next();
      // A row logged after the first pass is in none of the passes.
      insertRequests(log.db, [
        { tsMs: NOW - 1000, task: 'churn', featureVersion: 'f1', features: [1, 1, 1, 1, 1] },
      ]);
      const all = first.done ? [] : [first.value, ...passes];
      expect(all.map((p) => p.featureIndexes)).toEqual([[0, 1], [2, 3], [4]]);
      for (const pass of all) {
        expect(pass.rows).toBe(400);
        expect(pass.columns.filter((c) => c.length > 0)).toHaveLength(pass.featureIndexes.length);
      }
      const names = ['a', 'b', 'c', 'd', 'e'];
      const refs = names.map((name) => columnReference(name, Float64Array.of(0, 1, 2, 3, 4, 5, 6)));
      const inOne = readScoredWindow(log.db, { ...opts, maxId: 400 });
      const fromPasses = checkFeatures(all, names, refs, window);
      expect(fromPasses).toEqual(checkFeatures([inOne], names, refs, window));
      expect(fromPasses.features[4]).toMatchObject({ aboveRange: 134 });
    } finally {
      log.cleanup();
    }
  });
});
