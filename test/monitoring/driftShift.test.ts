import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/monitoring/config.ts';
import { driftReport } from '../../src/monitoring/driftReport.ts';
import { resolveTimeWindow } from '../../src/monitoring/timeWindow.ts';
import type { Reference } from '../../src/registry/reference.ts';
import { createTempRequestLog } from './helpers/requestLogDb.ts';
import {
  CONFINED_PARAMS,
  replayTraffic,
  SHIFTED_FEATURES,
  SHIFTED_PARAMS,
  servedModels,
  trainingReferences,
} from './helpers/scenario.ts';
import { simulatedRows } from './helpers/simulatedTraffic.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const HOUR = 3_600_000;
let references: { churn: Reference; value: Reference };
const logs: ReturnType<typeof createTempRequestLog>[] = [];

beforeAll(() => {
  references = trainingReferences(3000, 1);
});
afterAll(() => {
  for (const log of logs) log.cleanup();
});

function replayedReports(params: typeof CONFINED_PARAMS, seed: number) {
  const log = createTempRequestLog();
  logs.push(log);
  replayTraffic(log.db, simulatedRows({ sessions: 1500, seed, params }), {
    fromMs: NOW - HOUR,
    toMs: NOW,
    tag: `s${seed}`,
  });
  const window = resolveTimeWindow({ since: '1h', window: '15m', nowMs: NOW });
  return servedModels(references).map((model) => driftReport(log.db, model, window, DEFAULT_THRESHOLDS));
}

describe('drift on replayed simulator traffic', () => {
  it('flags exactly the shifted features (age level, gender) when those knobs move, for both models', () => {
    for (const report of replayedReports(SHIFTED_PARAMS, 3)) {
      expect(report.rows).toBeGreaterThan(5000);
      expect(report.driftedFeatures).toEqual(SHIFTED_FEATURES);
      for (const name of SHIFTED_FEATURES) {
        const feature = report.features.find((f) => f.name === name);
        expect(feature?.psiBand).toBe('major');
      }
      // the oracle's predictions do not depend on age or gender here: no prediction drift
      expect(report.prediction?.drifted).toBe(false);
      expect(report.datasetDrifted).toBe(false); // 2 of 45 features
      expect(report.alerts).toEqual([
        `${report.task} ${report.modelVersion}: features drift: ageLevel, gender.`,
      ]);
      expect(report.predictionOverTime).toHaveLength(4);
      expect(report.predictionOverTime.every((b) => b.count > 1000)).toBe(true);
    }
  });

  it('flags no feature and raises no alert on unshifted traffic of another seed', () => {
    for (const report of replayedReports(CONFINED_PARAMS, 2)) {
      expect(report.rows).toBeGreaterThan(5000);
      expect(report.driftedFeatures).toEqual([]);
      expect(report.features.every((f) => f.psiBand === 'stable')).toBe(true);
      expect(report.prediction?.drifted).toBe(false);
      expect(report.alerts).toEqual([]);
    }
  });
});
