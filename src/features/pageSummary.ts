import type { PageItems } from '../session/index.ts';

/**
 * One pass over the real items of a page, writing its statistics into a reusable Float64Array
 * (no object per page or per item: the feature function runs ~1e6 times in training).
 */

/** Items at offsets below this within their page count as "top of page". */
export const TOP_POSITION_OFFSETS = 10;

/** Slots of a page summary. */
export const S = {
  items: 0,
  clicks: 1,
  carts: 2,
  favs: 3,
  purchases: 4,
  revenueYuan: 5,
  sumCtr: 6,
  maxCtr: 7,
  sumCvr: 8,
  maxCvr: 9,
  sumPriceYuan: 10,
  maxPriceYuan: 11,
  sumLogPrice: 12,
  expectedValueYuan: 13,
  clickedPriceYuan: 14,
  clickedExpectedValueYuan: 15,
  sumPositionOffset: 16,
  topItems: 17,
  topClicks: 18,
  cartValueYuan: 19,
} as const;

export const PAGE_SUMMARY_SIZE = 20;

/**
 * Summarise the real items `0 … itemCount-1` of `page` into `into[offset … offset+PAGE_SUMMARY_SIZE-1]`.
 * Padding slots are never read. With `currentPage` false (an earlier page of the session) only the
 * sums the history features use are filled (items, engagement, revenue, sums of ctr and of ctr·cvr·price,
 * cart value); the per-page statistics (maxima, log-prices, positions) are left 0, which saves the
 * logarithms on every earlier page. The position offset within the page is `position mod 50`, which is
 * the offset for positions laid out as DATA.md documents (page p shows p·50 … p·50+49).
 *
 * @example
 * const into = new Float64Array(PAGE_SUMMARY_SIZE);
 * summarizePage(page, into, 0);
 * into[S.clicks]; // clicks on the page
 */
export function summarizePage(page: PageItems, into: Float64Array, offset: number, currentPage = true): void {
  const n = page.itemCount;
  const { ctr, cvr, priceYuan, click, cart, fav, purchaseYuan, position } = page;
  let clicks = 0;
  let carts = 0;
  let favs = 0;
  let purchases = 0;
  let revenueYuan = 0;
  let sumCtr = 0;
  let maxCtr = 0;
  let sumCvr = 0;
  let maxCvr = 0;
  let sumPriceYuan = 0;
  let maxPriceYuan = 0;
  let sumLogPrice = 0;
  let expectedValueYuan = 0;
  let clickedPriceYuan = 0;
  let clickedExpectedValueYuan = 0;
  let sumPositionOffset = 0;
  let topItems = 0;
  let topClicks = 0;
  let cartValueYuan = 0;
  for (let i = 0; i < n; i++) {
    const c = ctr[i];
    const v = cvr[i];
    const p = priceYuan[i];
    const clicked = click[i];
    clicks += clicked;
    carts += cart[i];
    favs += fav[i];
    if (purchaseYuan[i] > 0) {
      purchases++;
      revenueYuan += purchaseYuan[i];
    }
    sumCtr += c;
    expectedValueYuan += c * v * p;
    if (cart[i] === 1) cartValueYuan += p;
    if (!currentPage) continue;
    if (c > maxCtr) maxCtr = c;
    sumCvr += v;
    if (v > maxCvr) maxCvr = v;
    sumPriceYuan += p;
    if (p > maxPriceYuan) maxPriceYuan = p;
    sumLogPrice += Math.log1p(p);
    if (clicked === 1) {
      clickedPriceYuan += p;
      clickedExpectedValueYuan += v * p;
    }
    const positionOffset = position[i] % 50;
    sumPositionOffset += positionOffset;
    if (positionOffset < TOP_POSITION_OFFSETS) {
      topItems++;
      topClicks += clicked;
    }
  }
  into[offset + S.items] = n;
  into[offset + S.clicks] = clicks;
  into[offset + S.carts] = carts;
  into[offset + S.favs] = favs;
  into[offset + S.purchases] = purchases;
  into[offset + S.revenueYuan] = revenueYuan;
  into[offset + S.sumCtr] = sumCtr;
  into[offset + S.maxCtr] = maxCtr;
  into[offset + S.sumCvr] = sumCvr;
  into[offset + S.maxCvr] = maxCvr;
  into[offset + S.sumPriceYuan] = sumPriceYuan;
  into[offset + S.maxPriceYuan] = maxPriceYuan;
  into[offset + S.sumLogPrice] = sumLogPrice;
  into[offset + S.expectedValueYuan] = expectedValueYuan;
  into[offset + S.clickedPriceYuan] = clickedPriceYuan;
  into[offset + S.clickedExpectedValueYuan] = clickedExpectedValueYuan;
  into[offset + S.sumPositionOffset] = sumPositionOffset;
  into[offset + S.topItems] = topItems;
  into[offset + S.topClicks] = topClicks;
  into[offset + S.cartValueYuan] = cartValueYuan;
}
