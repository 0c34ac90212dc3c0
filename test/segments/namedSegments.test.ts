import { describe, expect, it } from 'vitest';
import {
  assignSegments,
  DEFAULT_SEGMENT_CONFIG,
  profileTable,
  quintileScores,
  SEGMENT_NAMES,
  segmentOf,
} from '../../src/segments/index.ts';

describe('RFM quintiles and named segments', () => {
  it('scores quintiles by mid-rank, ties sharing a score, recency reversed', () => {
    expect(Array.from(quintileScores(Float64Array.of(10, 20, 30, 40, 50)))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(quintileScores(Float64Array.of(10, 20, 30, 40, 50), { descending: true }))).toEqual([
      5, 4, 3, 2, 1,
    ]);
    // Six of ten tied at 0: mid-rank 0.3 → score 2 for all of them.
    expect(Array.from(quintileScores(Float64Array.of(0, 0, 0, 0, 0, 0, 1, 2, 3, 4)))).toEqual([
      2, 2, 2, 2, 2, 2, 4, 4, 5, 5,
    ]);
  });

  it('assigns churn-risk before high-value before missed-opportunity, with thresholds in money', () => {
    const n = 100;
    const clv = Float64Array.from({ length: n }, (_, i) => i);
    const pastValue = Float64Array.from({ length: n }, (_, i) => (i * 37) % 100);
    const pAlive = Float64Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const recentPurchases = Float64Array.from({ length: n }, (_, i) => i % 3);
    const { codes, thresholds } = assignSegments(
      { clv, pastValue, pAlive, recentPurchases },
      DEFAULT_SEGMENT_CONFIG,
    );
    expect(thresholds.highValueClvAtLeast).toBe(80);
    expect(thresholds.promisingClvAtLeast).toBe(60);
    expect(thresholds.pastValueAtLeast).toBe(60);
    for (let i = 0; i < n; i++) {
      const name = SEGMENT_NAMES[codes[i]];
      const churnRisk = pastValue[i] >= 60 && pAlive[i] < 0.5;
      if (churnRisk) expect(name).toBe('churn-risk');
      else if (clv[i] >= 80) expect(name).toBe('high-value');
      else if (clv[i] >= 60 && recentPurchases[i] === 0) expect(name).toBe('missed-opportunity');
      else expect(name).toBe('other');
      expect(codes[i]).toBe(
        segmentOf(
          { clv: clv[i], pastValue: pastValue[i], pAlive: pAlive[i], recentPurchases: recentPurchases[i] },
          thresholds,
        ),
      );
    }
    const profiles = profileTable(codes, SEGMENT_NAMES, {
      recencyDays: clv,
      frequency: clv,
      totalSpend: pastValue,
      clv,
      pAlive,
    });
    expect(profiles.reduce((s, p) => s + p.customers, 0)).toBe(n);
    expect(profiles.find((p) => p.segment === 'high-value')!.meanClv).toBeGreaterThanOrEqual(80);
  });
});
