import { describe, expect, it } from 'vitest';
import {
  analyseCustomers,
  CustomerSegmentationSchema,
  DEFAULT_SEGMENT_CONFIG,
  fitSegmentation,
  quintileEdgesOf,
  quintileScores,
  SEGMENT_NAMES,
  type SegmentFacts,
  segmentPlacer,
} from '../../src/segments/index.ts';
import { simulateTransactions } from '../../src/transactions/index.ts';

const config = {
  ...DEFAULT_SEGMENT_CONFIG,
  mixture: { ...DEFAULT_SEGMENT_CONFIG.mixture, maxComponents: 3, nInit: 1 },
};

function simulatedPopulation() {
  const { log, params } = simulateTransactions({ customers: 1500, seed: 11 });
  const lastDay = params.startDay + params.observationDays - 1;
  return analyseCustomers(log, { calibrationEnd: lastDay, config }).population;
}

describe('the stored segmentation places one customer', () => {
  const population = simulatedPopulation();
  const fitted = fitSegmentation(population, {
    config,
    seed: 5,
    clv: { measure: 'predictedRevenue', horizonDays: config.horizonDays },
  });
  // Through JSON and the bundle's schema, as a served model reads it.
  const stored = CustomerSegmentationSchema.parse(JSON.parse(JSON.stringify(fitted.segmentation)));
  const place = segmentPlacer(stored);

  it('gives every training customer the segment, RFM scores and cluster of the population fit', () => {
    const n = population.clv.length;
    expect(stored.customers).toBe(n);
    const facts = {} as SegmentFacts;
    const placedClusters = new Float64Array(stored.profiles.clusters.length);
    for (let i = 0; i < n; i++) {
      for (const name of Object.keys(population) as (keyof SegmentFacts)[])
        facts[name] = population[name][i]!;
      const placed = place(facts);
      expect(placed.segment).toBe(SEGMENT_NAMES[fitted.codes[i]!]);
      expect(placed.rfm).toEqual({
        recency: fitted.rfm.recency[i],
        frequency: fitted.rfm.frequency[i],
        monetary: fitted.rfm.monetary[i],
      });
      expect(placed.cluster.id).toBe(fitted.mixture.clusters[i]! + 1);
      expect(placed.cluster.probability).toBeGreaterThan(1 / stored.profiles.clusters.length - 1e-9);
      expect(placed.cluster.probability).toBeLessThanOrEqual(1);
      placedClusters[placed.cluster.id - 1]!++;
    }
    expect(Array.from(placedClusters)).toEqual(stored.profiles.clusters.map((c) => c.customers));
    expect(stored.profiles.segments.map((p) => p.segment)).toEqual([...SEGMENT_NAMES]);
    expect(stored.profiles.segments.reduce((s, p) => s + p.customers, 0)).toBe(n);
  });

  it('scores values beyond the training range at the ends of the scale', () => {
    const base = { totalSpend: 0, recentPurchases: 0, pAlive: 0.9, clv: 0 };
    const low = place({ ...base, recencyDays: 1e6, frequency: -1, meanSpend: -1 });
    const high = place({ ...base, recencyDays: -1, frequency: 1e6, meanSpend: 1e9 });
    expect(low.rfm).toEqual({ recency: 1, frequency: 1, monetary: 1 });
    expect(high.rfm).toEqual({ recency: 5, frequency: 5, monetary: 5 });
  });

  it('keeps edges of scores no customer reached as null, and never places a value there', () => {
    const values = Float64Array.of(0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
    const scores = quintileScores(values);
    // Scores 2 (six tied zeros), 4, 4, 5, 5: score 3 is skipped, so its edge equals score 4's.
    expect(quintileEdgesOf(values, scores)).toEqual([0, 1, 1, 3]);
    // Three tied values all score 3: nobody reached 4 or 5.
    const tied = Float64Array.of(7, 7, 7);
    expect(quintileEdgesOf(tied, quintileScores(tied))).toEqual([7, 7, null, null]);
    expect(quintileEdgesOf(tied, quintileScores(tied), { descending: true })).toEqual([7, 7, null, null]);
  });

  it('refuses a segmentation whose mixture is not a permutation or whose scaling is not positive', () => {
    const broken = structuredClone(fitted.segmentation);
    broken.mixture.componentOfCluster = broken.mixture.componentOfCluster.map(() => 0);
    expect(CustomerSegmentationSchema.safeParse(broken).success).toBe(false);
    const zeroSd = structuredClone(fitted.segmentation);
    zeroSd.mixture.scaling.sd[0] = 0;
    expect(CustomerSegmentationSchema.safeParse(zeroSd).success).toBe(false);
    const badMixture = structuredClone(fitted.segmentation);
    badMixture.mixture.artifact = { kind: 'gaussian-mixture', schemaVersion: 1 };
    expect(() => segmentPlacer(CustomerSegmentationSchema.parse(badMixture))).toThrow(/gaussian-mixture/);
  });
});
