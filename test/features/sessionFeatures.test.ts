import { describe, expect, it } from 'vitest';
import {
  FEATURE_NAMES,
  FEATURE_VERSION,
  FeatureInputError,
  sessionFeatures,
} from '../../src/features/index.ts';
import type { ObservedSession } from '../../src/session/index.ts';
import { handMadePage } from './pageBuilder.ts';

const profile = { ageLevel: 3, gender: 1, purchasePower: 5 };

// Page 0: three real items; one click (carted) at offset 3.
const page0 = handMadePage({
  position: [3, 12, 0],
  ctr: [0.05, 0.02, 0],
  cvr: [0.01, 0, 0.002],
  priceYuan: [100, 50, 10],
  click: [1, 0, 0],
  cart: [1, 0, 0],
});
// Page 1: four real items at offsets 0, 5, 11, 20; two clicks, one bought for 200 yuan.
const page1 = handMadePage({
  position: [50, 55, 61, 70],
  ctr: [0.1, 0.04, 0.02, 0],
  cvr: [0.02, 0.01, 0, 0.005],
  priceYuan: [200, 20, 30, 1000],
  click: [1, 1, 0, 0],
  cart: [0, 1, 0, 0],
  fav: [1, 0, 0, 0],
  purchaseYuan: [200, 0, 0, 0],
});
const noClickPage = (pageId: number) =>
  handMadePage({ position: [pageId * 50 + 1], ctr: [0.03], cvr: [0.001], priceYuan: [40] });

function named(x: Float64Array): Record<string, number> {
  return Object.fromEntries(FEATURE_NAMES.map((name, j) => [name, x[j]]));
}

describe('sessionFeatures', () => {
  it('returns one value per feature name, under a version string', () => {
    const x = sessionFeatures({ profile, hour: 6, pages: [page0] });
    expect(x).toHaveLength(FEATURE_NAMES.length);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(FEATURE_VERSION).toMatch(/^f\d+$/);
  });

  it('computes every feature of a hand-made two-page session as worked out by hand', () => {
    const f = named(sessionFeatures({ profile, hour: 6, pages: [page0, page1] }));
    const expected: Record<string, number> = {
      ageLevel: 3,
      gender: 1,
      purchasePower: 5,
      hourOfDay: 6,
      hourSin: 1,
      hourCos: 0,
      pageId: 1,
      hasFullHistory: 1,
      pagesObserved: 2,
      itemCount: 4,
      clicks: 2,
      carts: 1,
      favs: 1,
      purchases: 1,
      revenueYuan: 200,
      clickRate: 0.5,
      expectedClicks: 0.16,
      clickSurprise: 1.84,
      meanCtr: 0.04,
      maxCtr: 0.1,
      meanCvr: 0.00875,
      maxCvr: 0.02,
      meanPriceYuan: 312.5,
      maxPriceYuan: 1000,
      meanLogPrice: (Math.log(201) + Math.log(21) + Math.log(31) + Math.log(1001)) / 4,
      expectedValueYuan: 0.408,
      clickedMeanPriceYuan: 110,
      clickedExpectedValueYuan: 4.2,
      meanPositionOffset: 9,
      topPositionClickRate: 1,
      clicksSoFar: 3,
      cartsSoFar: 2,
      favsSoFar: 1,
      purchasesSoFar: 1,
      revenueSoFarYuan: 200,
      itemsSoFar: 7,
      sessionClickRate: 3 / 7,
      meanClicksPerPage: 1.5,
      noClickStreakPages: 0,
      clickedPagesShare: 1,
      previousPageClicks: 1,
      clickDeltaFromPreviousPage: 1,
      expectedValueSoFarYuan: 0.458,
      clickSurpriseSoFar: 2.77,
      cartValueSoFarYuan: 120,
    };
    expect(Object.keys(expected).sort()).toEqual([...FEATURE_NAMES].sort());
    for (const name of FEATURE_NAMES) {
      expect(f[name], name).toBeCloseTo(expected[name], 10);
    }
  });

  it('computes the first page on its own: no previous page, a top-of-page click rate of one in two', () => {
    const f = named(sessionFeatures({ profile, hour: 0, pages: [page0] }));
    expect(f.hourSin).toBeCloseTo(0, 12);
    expect(f.hourCos).toBeCloseTo(1, 12);
    expect(f.pageId).toBe(0);
    expect(f.previousPageClicks).toBe(0);
    expect(f.clickDeltaFromPreviousPage).toBe(0);
    expect(f.topPositionClickRate).toBe(0.5); // offsets 3 (clicked) and 0 are top; 12 is not
    expect(f.meanPositionOffset).toBe(5);
    expect(f.expectedValueYuan).toBeCloseTo(0.05, 12);
    expect(f.clickedMeanPriceYuan).toBe(100);
  });

  it('counts pages with no click in a row and the fall in clicks from the previous page', () => {
    const f = named(
      sessionFeatures({ profile, hour: 12, pages: [page0, page1, noClickPage(2), noClickPage(3)] }),
    );
    expect(f.noClickStreakPages).toBe(2);
    expect(f.clickedPagesShare).toBe(0.5);
    expect(f.previousPageClicks).toBe(0);
    expect(f.clickDeltaFromPreviousPage).toBe(0);
    expect(f.meanClicksPerPage).toBe(0.75);
    expect(f.clickedMeanPriceYuan).toBe(0);
    const g = named(sessionFeatures({ profile, hour: 12, pages: [page0, page1, noClickPage(2)] }));
    expect(g.clickDeltaFromPreviousPage).toBe(-2);
    expect(g.noClickStreakPages).toBe(1);
  });

  it('ignores padding: loud values in padding slots give the same features as zero padding', () => {
    const quiet = [
      handMadePage(
        {
          position: [3, 12, 0],
          ctr: [0.05, 0.02, 0],
          cvr: [0.01, 0, 0.002],
          priceYuan: [100, 50, 10],
          click: [1, 0, 0],
          cart: [1, 0, 0],
        },
        'zeros',
      ),
    ];
    expect(sessionFeatures({ profile, hour: 6, pages: quiet })).toEqual(
      sessionFeatures({ profile, hour: 6, pages: [page0] }),
    );
  });

  it('gives an all-padding page zero rates instead of NaN', () => {
    const empty = handMadePage({ position: [], ctr: [], cvr: [], priceYuan: [] });
    const x = sessionFeatures({ profile, hour: 3, pages: [empty] });
    expect(x.every(Number.isFinite)).toBe(true);
    expect(named(x).itemCount).toBe(0);
    expect(named(x).clicks).toBe(0);
  });

  it('falls back to page level: firstPageId sets the page id and clears the full-history flag', () => {
    const session: ObservedSession = { profile, hour: 6, firstPageId: 5, pages: [page1] };
    const f = named(sessionFeatures(session));
    expect(f.pageId).toBe(5);
    expect(f.hasFullHistory).toBe(0);
    expect(f.pagesObserved).toBe(1);
    expect(f.clicksSoFar).toBe(2);
    expect(f.previousPageClicks).toBe(0);
  });

  it('fills the vector it is given and returns that same vector', () => {
    const out = new Float64Array(FEATURE_NAMES.length).fill(Number.NaN);
    const x = sessionFeatures({ profile, hour: 6, pages: [page0, page1] }, out);
    expect(x).toBe(out);
    expect(x).toEqual(sessionFeatures({ profile, hour: 6, pages: [page0, page1] }));
  });

  it('rejects sessions it cannot read with a message saying how to fix them', () => {
    expect(() => sessionFeatures({ profile, hour: 6, pages: [] })).toThrow(/at least the current page/);
    expect(() => sessionFeatures({ profile, hour: 24, pages: [page0] })).toThrow(FeatureInputError);
    expect(() => sessionFeatures({ profile, hour: 6, firstPageId: 11, pages: [page0, page1] })).toThrow(
      /page ids stop at 11/,
    );
    expect(() => sessionFeatures({ profile, hour: 6, pages: [page0] }, new Float64Array(3))).toThrow(
      /FEATURE_NAMES.length/,
    );
    const broken = { ...page0, itemCount: 51 };
    expect(() => sessionFeatures({ profile, hour: 6, pages: [broken] })).toThrow(/itemCount/);
    const shortClicks = { ...page0, click: new Uint8Array(2) };
    expect(() => sessionFeatures({ profile, hour: 6, pages: [shortClicks] })).toThrow(
      /shortest item list has 2/,
    );
  });
});
