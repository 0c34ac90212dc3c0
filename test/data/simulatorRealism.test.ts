import { describe, expect, it } from 'vitest';
import { mean, quantile, shareWhere, simulateSample } from './simulatorSample.ts';

// DATA.md's figures of the real sample, and bands wide enough for 3,000 simulated sessions' noise
// but narrow enough to catch a miscalibrated knob.
const sample = simulateSample(3000, 2024);
const all = () => true;

describe('simulator realism (3,000 sessions against DATA.md)', () => {
  it('pads about 40 % of pages, averaging about 43 real items a page', () => {
    expect(shareWhere(sample, all, (i) => sample.itemCount[i] < 50)).toBeGreaterThan(0.35);
    expect(shareWhere(sample, all, (i) => sample.itemCount[i] < 50)).toBeLessThan(0.45);
    expect(mean(sample.itemCount)).toBeGreaterThan(41.5);
    expect(mean(sample.itemCount)).toBeLessThan(44.5);
  });

  it('draws prices with log mean 4.27 and sd 1.14, median 63, p90 299, p99 ≈2,400, none above 10,000 yuan, none 0', () => {
    const logs = sample.priceYuan.map(Math.log);
    const logMean = mean(logs);
    const logSd = Math.sqrt(mean(logs.map((x) => (x - logMean) ** 2)));
    expect(logMean).toBeGreaterThan(4.17);
    expect(logMean).toBeLessThan(4.37);
    expect(logSd).toBeGreaterThan(1.08);
    expect(logSd).toBeLessThan(1.2);
    expect(quantile(sample.priceYuan, 0.5)).toBeGreaterThan(55);
    expect(quantile(sample.priceYuan, 0.5)).toBeLessThan(85);
    expect(quantile(sample.priceYuan, 0.9)).toBeGreaterThan(250);
    expect(quantile(sample.priceYuan, 0.9)).toBeLessThan(370);
    expect(quantile(sample.priceYuan, 0.99)).toBeGreaterThan(1500);
    expect(quantile(sample.priceYuan, 0.99)).toBeLessThan(3500);
    expect(quantile(sample.priceYuan, 1)).toBeLessThanOrEqual(10_000);
    expect(quantile(sample.priceYuan, 0)).toBeGreaterThan(0);
  });

  it('predicts ctr with median 0.031 and mean 0.042, cvr with median 0.002 and mean 0.0055, some exactly 0', () => {
    expect(quantile(sample.ctr, 0.5)).toBeGreaterThan(0.028);
    expect(quantile(sample.ctr, 0.5)).toBeLessThan(0.034);
    expect(mean(sample.ctr)).toBeGreaterThan(0.038);
    expect(mean(sample.ctr)).toBeLessThan(0.046);
    expect(quantile(sample.cvr, 0.5)).toBeGreaterThan(0.0017);
    expect(quantile(sample.cvr, 0.5)).toBeLessThan(0.0023);
    expect(mean(sample.cvr)).toBeGreaterThan(0.0045);
    expect(mean(sample.cvr)).toBeLessThan(0.0065);
    const zeroCtr = sample.ctr.filter((x) => x === 0).length / sample.ctr.length;
    expect(zeroCtr).toBeGreaterThan(0.01);
    expect(zeroCtr).toBeLessThan(0.04);
  });

  it('clicks about 3 % of items, 1.33 a page, with no click on about 40 % of pages', () => {
    const clickRate = mean(sample.clicks) / mean(sample.itemCount);
    expect(clickRate).toBeGreaterThan(0.025);
    expect(clickRate).toBeLessThan(0.037);
    expect(mean(sample.clicks)).toBeGreaterThan(1.1);
    expect(mean(sample.clicks)).toBeLessThan(1.6);
    const noClick = shareWhere(sample, all, (i) => sample.clicks[i] === 0);
    expect(noClick).toBeGreaterThan(0.35);
    expect(noClick).toBeLessThan(0.5);
  });

  it('has a purchase on about 1 page in 100', () => {
    const purchasePages = shareWhere(sample, all, (i) => sample.revenueYuan[i] > 0);
    expect(purchasePages).toBeGreaterThan(0.005);
    expect(purchasePages).toBeLessThan(0.018);
  });

  it('decays page depth like 28/16/14/11/10 pages per 100 for pages 0–4', () => {
    const target = [28, 16, 14, 11, 10];
    target.forEach((per100, pageId) => {
      const share = 100 * shareWhere(sample, all, (i) => sample.pageId[i] === pageId);
      expect(share, `page ${pageId}`).toBeGreaterThan(per100 - 4.5);
      expect(share, `page ${pageId}`).toBeLessThan(per100 + 4.5);
    });
  });

  it('numbers pages 0, 1, 2 … within a session, ends each with terminal 1, and never goes past page 11', () => {
    const broken: string[] = [];
    for (let i = 0; i < sample.pages; i++) {
      const continues = i + 1 < sample.pages && sample.sessionIndex[i + 1] === sample.sessionIndex[i];
      if (sample.terminal[i] !== (continues ? 0 : 1))
        broken.push(`page row ${i}: terminal ${sample.terminal[i]}`);
      if (continues && sample.pageId[i + 1] !== sample.pageId[i] + 1)
        broken.push(`page row ${i + 1}: page id jumps`);
      if (sample.pageId[i] > 11) broken.push(`page row ${i}: page id ${sample.pageId[i]}`);
    }
    expect(broken).toEqual([]);
    expect(sample.pageId[0]).toBe(0);
  });
});
