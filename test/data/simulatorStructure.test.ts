import { describe, expect, it } from 'vitest';
import { mean, shareWhere, simulateSample } from './simulatorSample.ts';

// Learnable structure a model should find: bands are set well outside the noise of 6,000 sessions.
const sample = simulateSample(6000, 77);
const churned = (i: number) => sample.terminal[i] === 1;

describe('simulator structure', () => {
  it('makes churn rise with depth after the first page', () => {
    const early = shareWhere(sample, (i) => sample.pageId[i] >= 1 && sample.pageId[i] <= 3, churned);
    const late = shareWhere(sample, (i) => sample.pageId[i] >= 6 && sample.pageId[i] <= 10, churned);
    expect(late).toBeGreaterThan(early + 0.03);
  });

  it('bounces many users on page 0, more than on page 1', () => {
    const first = shareWhere(sample, (i) => sample.pageId[i] === 0, churned);
    const second = shareWhere(sample, (i) => sample.pageId[i] === 1, churned);
    expect(first).toBeGreaterThan(second + 0.15);
  });

  it('makes churn fall with the clicks of the page', () => {
    const notLast = (i: number) => sample.pageId[i] < 11;
    const noClick = shareWhere(sample, (i) => notLast(i) && sample.clicks[i] === 0, churned);
    const threeOrMore = shareWhere(sample, (i) => notLast(i) && sample.clicks[i] >= 3, churned);
    expect(noClick).toBeGreaterThan(threeOrMore + 0.1);
  });

  it('makes purchases rise with purchase power', () => {
    const low = shareWhere(
      sample,
      (i) => sample.purchasePower[i] <= 2 && sample.clicks[i] > 0,
      (i) => sample.revenueYuan[i] > 0,
    );
    const high = shareWhere(
      sample,
      (i) => sample.purchasePower[i] >= 5 && sample.clicks[i] > 0,
      (i) => sample.revenueYuan[i] > 0,
    );
    expect(high).toBeGreaterThan(1.3 * low);
  });

  it('gives evening sessions more clicks than early-morning ones', () => {
    const clicksWhere = (where: (i: number) => boolean) => {
      let clicks = 0;
      let pages = 0;
      for (let i = 0; i < sample.pages; i++) {
        if (!where(i)) continue;
        clicks += sample.clicks[i];
        pages++;
      }
      return clicks / pages;
    };
    const evening = clicksWhere((i) => sample.hour[i] >= 19 && sample.hour[i] <= 23);
    const morning = clicksWhere((i) => sample.hour[i] >= 6 && sample.hour[i] <= 10);
    expect(evening).toBeGreaterThan(1.1 * morning);
  });

  it('carries a latent intent: clicks on page 0 predict clicks on page 1 of the same session', () => {
    const first: number[] = [];
    const second: number[] = [];
    for (let i = 0; i + 1 < sample.pages; i++) {
      if (sample.pageId[i] === 0 && sample.pageId[i + 1] === 1) {
        first.push(sample.clicks[i]);
        second.push(sample.clicks[i + 1]);
      }
    }
    const mx = mean(first);
    const my = mean(second);
    let cov = 0;
    let vx = 0;
    let vy = 0;
    for (let k = 0; k < first.length; k++) {
      cov += (first[k] - mx) * (second[k] - my);
      vx += (first[k] - mx) ** 2;
      vy += (second[k] - my) ** 2;
    }
    expect(cov / Math.sqrt(vx * vy)).toBeGreaterThan(0.15);
  });
});
