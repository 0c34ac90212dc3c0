import { describe, expect, it } from 'vitest';
import {
  buildSimulatorTables,
  createOracleScratch,
  drawPage,
  expectedMinLogNormal,
  normalCdf,
  remainingValueByDepth,
  resolveSimulatorParams,
  sessionStateOf,
} from '../../src/data/simulator/index.ts';
import { SeededRandom } from '../../src/ml/random.ts';
import { emptyPageRecord } from '../../src/session/index.ts';
import { mean, simulateSample } from './simulatorSample.ts';

/** Session-clustered z-score of mean(realised − predicted) per page: sessions are independent, pages are not. */
function clusteredZ(
  sessionIndex: Int32Array,
  realised: ArrayLike<number>,
  predicted: ArrayLike<number>,
): number {
  const bySession = new Map<number, number>();
  for (let i = 0; i < sessionIndex.length; i++) {
    bySession.set(sessionIndex[i], (bySession.get(sessionIndex[i]) ?? 0) + realised[i] - predicted[i]);
  }
  const sums = [...bySession.values()];
  const total = sums.reduce((a, b) => a + b, 0);
  const meanPerSession = total / sums.length;
  const variance = sums.reduce((a, d) => a + (d - meanPerSession) ** 2, 0) / (sums.length - 1);
  return total / Math.sqrt(sums.length * variance);
}

describe('simulator oracle', () => {
  const sample = simulateSample(4000, 99);

  it('gives a mean churn probability equal to the empirical churn rate within sampling error', () => {
    expect(Math.abs(mean(sample.oracleChurn) - mean(sample.terminal))).toBeLessThan(0.01);
    expect(Math.abs(clusteredZ(sample.sessionIndex, sample.terminal, sample.oracleChurn))).toBeLessThan(4);
  });

  it('gives a mean expected remaining revenue equal to the realised one within sampling error', () => {
    expect(
      Math.abs(clusteredZ(sample.sessionIndex, sample.remainingRevenueYuan, sample.oracleRemainingYuan)),
    ).toBeLessThan(4);
  });

  it('says churn 1 and nothing left on page 11, the last page a session can have', () => {
    let lastPages = 0;
    for (let i = 0; i < sample.pages; i++) {
      if (sample.pageId[i] !== 11) continue;
      lastPages++;
      expect(sample.oracleChurn[i]).toBe(1);
      expect(sample.oracleRemainingYuan[i]).toBe(0);
    }
    expect(lastPages).toBeGreaterThan(0);
  });

  it('is exact for a fixed user: the recursion matches a large Monte Carlo from the same latent state', () => {
    // Sharp knobs (purchases common, both price parts tight) so 12,000 sessions pin revenue down to ~1.3 %.
    const tables = buildSimulatorTables(
      resolveSimulatorParams({
        purchase: { cvrScale: 40 },
        price: { logSd: 0.4, tailShare: 0.1, tailLogMeanOffset: 1, tailLogSd: 0.4 },
        click: { ctrScale: 1.2 },
      }),
    );
    const state = sessionStateOf({ ageLevel: 3, gender: 1, purchasePower: 5 }, 20, 0.8, tables);
    const value = remainingValueByDepth(state, tables, createOracleScratch(tables));
    const rng = new SeededRandom(5);
    const record = emptyPageRecord();
    const sessions = 12_000;
    const revenue = new Float64Array(sessions);
    let secondPages = 0;
    let predictedAfterFirst = 0;
    let realisedAfterFirst = 0;
    for (let s = 0; s < sessions; s++) {
      for (let pageId = 0; ; pageId++) {
        const { churnProbability } = drawPage(rng, tables, state, pageId, 1, record);
        let pageRevenue = 0;
        for (let i = 0; i < record.itemCount; i++) pageRevenue += record.purchaseYuan[i];
        revenue[s] += pageRevenue;
        if (pageId === 0) predictedAfterFirst += (1 - churnProbability) * value[1];
        else realisedAfterFirst += pageRevenue;
        if (pageId === 1) secondPages++;
        if (record.terminal === 1) break;
      }
    }
    const monteCarlo = mean(revenue);
    const standardError = Math.sqrt(mean(revenue.map((r) => (r - monteCarlo) ** 2)) / sessions);
    expect(Math.abs(monteCarlo - value[0])).toBeLessThan(4 * standardError);
    expect(standardError / monteCarlo).toBeLessThan(0.03);
    expect(Math.abs(realisedAfterFirst - predictedAfterFirst) / predictedAfterFirst).toBeLessThan(0.05);
    expect(secondPages).toBeGreaterThan(0);
  });

  it('computes capped log-normal means in closed form, as numerical integration does', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
    const mu = Math.log(0.031);
    const sigma = 0.78;
    const cap = 0.08;
    let integral = 0;
    const step = 0.0005;
    for (let z = -10; z <= 10; z += step) {
      integral += Math.min(cap, Math.exp(mu + sigma * z)) * Math.exp(-0.5 * z * z) * step;
    }
    integral /= Math.sqrt(2 * Math.PI);
    expect(expectedMinLogNormal(mu, sigma, cap)).toBeCloseTo(integral, 6);
    expect(expectedMinLogNormal(mu, sigma, Number.POSITIVE_INFINITY)).toBeCloseTo(
      0.031 * Math.exp(sigma ** 2 / 2),
      10,
    );
  });
});
