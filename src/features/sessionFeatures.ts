import type { ObservedSession } from '../session/index.ts';
import { FEATURE_INDEX as F, FEATURE_COUNT } from './featureNames.ts';
import { PAGE_SUMMARY_SIZE, S, summarizePage } from './pageSummary.ts';
import { FeatureInputError, validateSession } from './validateSession.ts';

// Reused between calls: the function is synchronous, so a scratch buffer cannot be shared by two
// calls at once, and training saves ~1e6 allocations.
const scratch = new Float64Array(PAGE_SUMMARY_SIZE);

const TWO_PI_OVER_24 = (2 * Math.PI) / 24;

/** x / d, or 0 when d is 0 (an empty page has no click rate, not NaN). */
function ratio(x: number, d: number): number {
  return d === 0 ? 0 : x / d;
}

/**
 * The feature vector of a session observed up to and including its last page (page t), in the order
 * of `FEATURE_NAMES`. Pure: reads only the pages given, only their real items, and never anything
 * after page t. Training calls it on every prefix of every session, the API on a request.
 *
 * @param out optional vector of length `FEATURE_NAMES.length` to fill (avoids an allocation)
 * @example
 * const x = sessionFeatures({ profile: { ageLevel: 3, gender: 1, purchasePower: 4 }, hour: 21, pages });
 * x[FEATURE_NAMES.indexOf('clicksSoFar')];
 */
export function sessionFeatures(session: ObservedSession, out?: Float64Array): Float64Array {
  if (out !== undefined && out.length !== FEATURE_COUNT) {
    throw new FeatureInputError(
      `sessionFeatures: out has length ${out.length}; pass a Float64Array of FEATURE_NAMES.length (${FEATURE_COUNT}).`,
    );
  }
  const x = out ?? new Float64Array(FEATURE_COUNT);
  const firstPageId = validateSession(session);
  const { profile, hour, pages } = session;
  const t = pages.length - 1;

  // History: sums over pages firstPageId … t, streaks and the previous page's clicks.
  let clicksSoFar = 0;
  let cartsSoFar = 0;
  let favsSoFar = 0;
  let purchasesSoFar = 0;
  let revenueSoFarYuan = 0;
  let itemsSoFar = 0;
  let expectedValueSoFarYuan = 0;
  let expectedClicksSoFar = 0;
  let cartValueSoFarYuan = 0;
  let clickedPages = 0;
  let noClickStreakPages = 0;
  let previousPageClicks = 0;
  for (let i = 0; i <= t; i++) {
    summarizePage(pages[i], scratch, 0, i === t);
    const clicks = scratch[S.clicks];
    if (i === t - 1) previousPageClicks = clicks;
    clicksSoFar += clicks;
    cartsSoFar += scratch[S.carts];
    favsSoFar += scratch[S.favs];
    purchasesSoFar += scratch[S.purchases];
    revenueSoFarYuan += scratch[S.revenueYuan];
    itemsSoFar += scratch[S.items];
    expectedValueSoFarYuan += scratch[S.expectedValueYuan];
    expectedClicksSoFar += scratch[S.sumCtr];
    cartValueSoFarYuan += scratch[S.cartValueYuan];
    if (clicks > 0) {
      clickedPages++;
      noClickStreakPages = 0;
    } else {
      noClickStreakPages++;
    }
  }
  // The loop ends on page t, so `scratch` now holds the current page's summary.
  const items = scratch[S.items];
  const clicks = scratch[S.clicks];
  const pagesObserved = t + 1;

  x[F.ageLevel] = profile.ageLevel;
  x[F.gender] = profile.gender;
  x[F.purchasePower] = profile.purchasePower;
  x[F.hourOfDay] = hour;
  x[F.hourSin] = Math.sin(hour * TWO_PI_OVER_24);
  x[F.hourCos] = Math.cos(hour * TWO_PI_OVER_24);
  x[F.pageId] = firstPageId + t;
  x[F.hasFullHistory] = firstPageId === 0 ? 1 : 0;
  x[F.pagesObserved] = pagesObserved;

  x[F.itemCount] = items;
  x[F.clicks] = clicks;
  x[F.carts] = scratch[S.carts];
  x[F.favs] = scratch[S.favs];
  x[F.purchases] = scratch[S.purchases];
  x[F.revenueYuan] = scratch[S.revenueYuan];
  x[F.clickRate] = ratio(clicks, items);
  x[F.expectedClicks] = scratch[S.sumCtr];
  x[F.clickSurprise] = clicks - scratch[S.sumCtr];
  x[F.meanCtr] = ratio(scratch[S.sumCtr], items);
  x[F.maxCtr] = scratch[S.maxCtr];
  x[F.meanCvr] = ratio(scratch[S.sumCvr], items);
  x[F.maxCvr] = scratch[S.maxCvr];
  x[F.meanPriceYuan] = ratio(scratch[S.sumPriceYuan], items);
  x[F.maxPriceYuan] = scratch[S.maxPriceYuan];
  x[F.meanLogPrice] = ratio(scratch[S.sumLogPrice], items);
  x[F.expectedValueYuan] = scratch[S.expectedValueYuan];
  x[F.clickedMeanPriceYuan] = ratio(scratch[S.clickedPriceYuan], clicks);
  x[F.clickedExpectedValueYuan] = scratch[S.clickedExpectedValueYuan];
  x[F.meanPositionOffset] = ratio(scratch[S.sumPositionOffset], items);
  x[F.topPositionClickRate] = ratio(scratch[S.topClicks], scratch[S.topItems]);

  x[F.clicksSoFar] = clicksSoFar;
  x[F.cartsSoFar] = cartsSoFar;
  x[F.favsSoFar] = favsSoFar;
  x[F.purchasesSoFar] = purchasesSoFar;
  x[F.revenueSoFarYuan] = revenueSoFarYuan;
  x[F.itemsSoFar] = itemsSoFar;
  x[F.sessionClickRate] = ratio(clicksSoFar, itemsSoFar);
  x[F.meanClicksPerPage] = clicksSoFar / pagesObserved;
  x[F.noClickStreakPages] = noClickStreakPages;
  x[F.clickedPagesShare] = clickedPages / pagesObserved;
  x[F.previousPageClicks] = previousPageClicks;
  x[F.clickDeltaFromPreviousPage] = t === 0 ? 0 : clicks - previousPageClicks;
  x[F.expectedValueSoFarYuan] = expectedValueSoFarYuan;
  x[F.clickSurpriseSoFar] = clicksSoFar - expectedClicksSoFar;
  x[F.cartValueSoFarYuan] = cartValueSoFarYuan;
  return x;
}
