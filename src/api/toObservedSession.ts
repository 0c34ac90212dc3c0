import { emptyPageItems, type ObservedSession, type PageItems } from '../data/page.ts';
import type { SessionBody } from './schemas/session.ts';

/**
 * The validated request body as the feature function's input: each page's items are copied into
 * the typed arrays of a PageItems (no padding needed: `itemCount` says how many are real).
 *
 * @example
 * sessionFeatures(toObservedSession(body));
 */
export function toObservedSession(body: SessionBody): ObservedSession {
  const pages: PageItems[] = new Array(body.pages.length);
  for (let p = 0; p < body.pages.length; p++) {
    const items = body.pages[p].items;
    const page = emptyPageItems();
    page.itemCount = items.length;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      page.position[i] = item.position;
      page.ctr[i] = item.ctr;
      page.cvr[i] = item.cvr;
      page.priceYuan[i] = item.price;
      page.click[i] = item.click;
      page.cart[i] = item.cart;
      page.fav[i] = item.fav;
      page.purchaseYuan[i] = item.purchase;
    }
    pages[p] = page;
  }
  return { profile: body.profile, hour: body.hour, firstPageId: body.firstPageId ?? 0, pages };
}
