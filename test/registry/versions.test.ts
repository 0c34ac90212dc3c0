import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendDecision,
  createVersionDir,
  listVersions,
  makeVersionId,
  readHistory,
  VERSION_ID_PATTERN,
} from '../../src/registry/index.ts';
import { churnBundle, removeTempDirs, tempModelsDir, writeBundle } from './registryFixture.ts';

afterAll(removeTempDirs);

describe('version ids', () => {
  it('formats the UTC time and an 8-hex hash of the inputs', () => {
    const id = makeVersionId(new Date('2026-11-23T08:30:05.123Z'), { data: 'x', params: { a: 1 } });
    expect(id).toMatch(/^20261123T083005Z-[0-9a-f]{8}$/);
    expect(id).toMatch(VERSION_ID_PATTERN);
  });

  it('hashes inputs independently of object key order, and differs when inputs differ', () => {
    const at = new Date('2026-11-23T08:30:05Z');
    expect(makeVersionId(at, { a: 1, b: 2 })).toBe(makeVersionId(at, { b: 2, a: 1 }));
    expect(makeVersionId(at, { a: 1 })).not.toBe(makeVersionId(at, { a: 2 }));
  });

  it('stays unique and sortable when the same inputs are trained twice in the same second', () => {
    const models = tempModelsDir();
    const at = new Date('2026-11-23T08:30:05Z');
    const ids = [0, 1, 2].map(() => createVersionDir(models, 'churn', at, { same: true }));
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(VERSION_ID_PATTERN);
  });

  it('lists only complete version folders, oldest first', () => {
    const models = tempModelsDir();
    writeBundle(models, '20261123T090000Z-bbbbbbbb', churnBundle('20261123T090000Z-bbbbbbbb'));
    writeBundle(models, '20261123T080000Z-aaaaaaaa', churnBundle('20261123T080000Z-aaaaaaaa'));
    mkdirSync(join(models, 'churn', '20261123T100000Z-cccccccc')); // unfinished: no model.json
    writeFileSync(join(models, 'churn', 'production.json'), '{}');
    expect(listVersions(models, 'churn')).toEqual(['20261123T080000Z-aaaaaaaa', '20261123T090000Z-bbbbbbbb']);
    expect(listVersions(models, 'session-value')).toEqual([]);
  });
});

describe('history', () => {
  it('appends decisions and reads them back in order', () => {
    const models = tempModelsDir();
    const base = {
      task: 'churn' as const,
      decidedAt: '2026-11-23T09:00:00.000Z',
      candidateVersion: '20261123T090000Z-bbbbbbbb',
      productionVersionBefore: null,
      productionVersionAfter: '20261123T090000Z-bbbbbbbb',
      mainMetric: 'rocAuc',
      candidateScore: 0.8,
      productionScore: null,
      requiredMargin: 0.002,
      guards: [],
      reason: 'no production model yet',
    };
    appendDecision(models, { ...base, action: 'promoted' });
    appendDecision(models, { ...base, action: 'kept', reason: 'not better' });
    expect(readHistory(models, 'churn').map((d) => d.action)).toEqual(['promoted', 'kept']);
    writeFileSync(join(models, 'churn', 'history.jsonl'), '{"task":"churn"}\n', { flag: 'a' });
    expect(() => readHistory(models, 'churn')).toThrow(/line 3 is not a decision record/);
  });
});
