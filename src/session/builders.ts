import { ITEMS_PER_PAGE } from './limits.ts';
import type { PageItems, PageRecord } from './page.ts';

/**
 * An all-padding page (itemCount 0). Its typed arrays share one ArrayBuffer: one allocation instead
 * of nine (the API builds one per page of every request); the Float64 arrays come first so every
 * view is aligned.
 *
 * @example
 * const page = emptyPageItems();
 * page.itemCount = 1;
 * page.ctr[0] = 0.05;
 */
export function emptyPageItems(): PageItems {
  const n = ITEMS_PER_PAGE;
  const buffer = new ArrayBuffer(n * (5 * 8 + 2 + 3));
  const bytes = 5 * 8 * n;
  return {
    itemCount: 0,
    position: new Int16Array(buffer, bytes, n),
    ctr: new Float64Array(buffer, 0, n),
    cvr: new Float64Array(buffer, 8 * n, n),
    priceYuan: new Float64Array(buffer, 16 * n, n),
    click: new Uint8Array(buffer, bytes + 2 * n, n),
    cart: new Uint8Array(buffer, bytes + 3 * n, n),
    fav: new Uint8Array(buffer, bytes + 4 * n, n),
    purchaseYuan: new Float64Array(buffer, 24 * n, n),
    state: new Float64Array(buffer, 32 * n, n),
  };
}

/**
 * A blank record, for a parser or a simulator to fill and reuse line after line, and for pools of
 * copies.
 *
 * @example
 * const pool = Array.from({ length: MAX_PAGES_PER_SESSION }, emptyPageRecord);
 */
export function emptyPageRecord(): PageRecord {
  // Fields listed, not spread: a spread gave each record a map of its own, so the parser's and the
  // features' hot functions deoptimized on every new parser or pool (~20 % slower parse + features,
  // more in a fresh thread).
  const items = emptyPageItems();
  return {
    itemCount: items.itemCount,
    position: items.position,
    ctr: items.ctr,
    cvr: items.cvr,
    priceYuan: items.priceYuan,
    click: items.click,
    cart: items.cart,
    fav: items.fav,
    purchaseYuan: items.purchaseYuan,
    state: items.state,
    lineNumber: 0,
    pageId: 0,
    hour: 0,
    profile: { ageLevel: 0, gender: 0, purchasePower: 0 },
    terminal: 0,
  };
}

/**
 * Copy a page record into `target` (allocated when absent): for consumers that keep pages past the
 * callback that received them.
 *
 * @example
 * const kept = copyPageRecord(page); // page is reused by the parser for the next line
 */
export function copyPageRecord(source: PageRecord, target: PageRecord = emptyPageRecord()): PageRecord {
  target.lineNumber = source.lineNumber;
  target.pageId = source.pageId;
  target.hour = source.hour;
  target.terminal = source.terminal;
  target.profile.ageLevel = source.profile.ageLevel;
  target.profile.gender = source.profile.gender;
  target.profile.purchasePower = source.profile.purchasePower;
  target.itemCount = source.itemCount;
  target.position.set(source.position);
  target.ctr.set(source.ctr);
  target.cvr.set(source.cvr);
  target.priceYuan.set(source.priceYuan);
  target.click.set(source.click);
  target.cart.set(source.cart);
  target.fav.set(source.fav);
  target.purchaseYuan.set(source.purchaseYuan);
  target.state.set(source.state);
  return target;
}
