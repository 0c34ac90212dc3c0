import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX as F, sessionFeatures } from '../../src/features/index.ts';
import { ITEMS_PER_PAGE, type PageItems } from '../../src/session/index.ts';
import { handMadePage } from './pageBuilder.ts';

const item = fc.record({
  offset: fc.integer({ min: 0, max: 49 }),
  ctr: fc.double({ min: 0, max: 0.5, noNaN: true }),
  cvr: fc.double({ min: 0, max: 0.1, noNaN: true }),
  priceYuan: fc.double({ min: 0.1, max: 10_000, noNaN: true }),
  click: fc.integer({ min: 0, max: 1 }),
  cart: fc.integer({ min: 0, max: 1 }),
  fav: fc.integer({ min: 0, max: 1 }),
  bought: fc.boolean(),
});
const pageItems = fc.array(item, { minLength: 0, maxLength: ITEMS_PER_PAGE });
type ItemDraw = typeof item extends fc.Arbitrary<infer T> ? T : never;

function toPage(items: ItemDraw[], pageId: number, padding: 'zeros' | 'loud'): PageItems {
  return handMadePage(
    {
      position: items.map((it) => pageId * 50 + it.offset),
      ctr: items.map((it) => it.ctr),
      cvr: items.map((it) => it.cvr),
      priceYuan: items.map((it) => it.priceYuan),
      click: items.map((it) => it.click),
      cart: items.map((it) => it.cart),
      fav: items.map((it) => it.fav),
      purchaseYuan: items.map((it) => (it.bought ? it.priceYuan : 0)),
    },
    padding,
  );
}

const session = fc.record({
  profile: fc.record({
    ageLevel: fc.integer({ min: 0, max: 8 }),
    gender: fc.integer({ min: 0, max: 2 }),
    purchasePower: fc.integer({ min: 0, max: 7 }),
  }),
  hour: fc.integer({ min: 0, max: 23 }),
  pages: fc.array(pageItems, { minLength: 1, maxLength: 12 }),
  otherTail: fc.array(pageItems, { minLength: 0, maxLength: 11 }),
});

describe('no look-ahead', () => {
  it('gives page t the same features whatever the pages after t are', () => {
    fc.assert(
      fc.property(session, fc.nat(), ({ profile, hour, pages, otherTail }, cut) => {
        const t = cut % pages.length;
        const built = pages.map((p, id) => toPage(p, id, 'zeros'));
        const tail = otherTail.slice(0, 11 - t).map((p, k) => toPage(p, t + 1 + k, 'zeros'));
        const original = built.slice(0, t + 1);
        const rewritten = [...original, ...tail];
        const before = sessionFeatures({ profile, hour, pages: original });
        // The prefix of a longer, different session: features of its page t must not move.
        const prefixOfOther = sessionFeatures({ profile, hour, pages: rewritten.slice(0, t + 1) });
        expect(prefixOfOther).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('accumulates history page by page: the so-far sums of page t are those of page t−1 plus page t', () => {
    fc.assert(
      fc.property(session, ({ profile, hour, pages }) => {
        const built = pages.map((p, id) => toPage(p, id, 'zeros'));
        for (let t = 1; t < built.length; t++) {
          const before = sessionFeatures({ profile, hour, pages: built.slice(0, t) });
          const now = sessionFeatures({ profile, hour, pages: built.slice(0, t + 1) });
          expect(now[F.clicksSoFar]).toBe(before[F.clicksSoFar] + now[F.clicks]);
          expect(now[F.cartsSoFar]).toBe(before[F.cartsSoFar] + now[F.carts]);
          expect(now[F.purchasesSoFar]).toBe(before[F.purchasesSoFar] + now[F.purchases]);
          expect(now[F.revenueSoFarYuan]).toBeCloseTo(before[F.revenueSoFarYuan] + now[F.revenueYuan], 6);
          expect(now[F.itemsSoFar]).toBe(before[F.itemsSoFar] + now[F.itemCount]);
          expect(now[F.expectedValueSoFarYuan]).toBeCloseTo(
            before[F.expectedValueSoFarYuan] + now[F.expectedValueYuan],
            6,
          );
          expect(now[F.previousPageClicks]).toBe(before[F.clicks]);
          expect(now[F.noClickStreakPages]).toBe(now[F.clicks] > 0 ? 0 : before[F.noClickStreakPages] + 1);
          expect(now[F.pageId]).toBe(before[F.pageId] + 1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never reads padding slots, whatever they hold', () => {
    fc.assert(
      fc.property(session, ({ profile, hour, pages }) => {
        const zeros = pages.map((p, id) => toPage(p, id, 'zeros'));
        const loud = pages.map((p, id) => toPage(p, id, 'loud'));
        expect(sessionFeatures({ profile, hour, pages: loud })).toEqual(
          sessionFeatures({ profile, hour, pages: zeros }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('does not change the pages it reads', () => {
    fc.assert(
      fc.property(session, ({ profile, hour, pages }) => {
        const built = pages.map((p, id) => toPage(p, id, 'loud'));
        const copies = built.map((p) => ({
          ...p,
          ctr: p.ctr.slice(),
          click: p.click.slice(),
          purchaseYuan: p.purchaseYuan.slice(),
        }));
        sessionFeatures({ profile, hour, pages: built });
        built.forEach((p, i) => {
          expect(p.ctr).toEqual(copies[i].ctr);
          expect(p.click).toEqual(copies[i].click);
          expect(p.purchaseYuan).toEqual(copies[i].purchaseYuan);
        });
      }),
      { numRuns: 50 },
    );
  });
});
