import { emptyPageItems } from './builders.ts';
import type { ObservedSession, PageItems, PageRecord } from './page.ts';

/** One item of a request body's page (the API's `Item` schema). */
export interface ItemBody {
  position: number;
  ctr: number;
  cvr: number;
  price: number;
  click: 0 | 1;
  cart: 0 | 1;
  fav: 0 | 1;
  purchase: number;
}

/**
 * A session as a client sends it to POST /churn or /session-value: only the real items of each page
 * (no padding). The API's zod schema (`SessionSchema`) validates exactly this shape against the
 * limits of limits.ts.
 */
export interface SessionBody {
  sessionId?: string;
  profile: { ageLevel: number; gender: number; purchasePower: number };
  hour: number;
  firstPageId?: number;
  pages: { items: ItemBody[] }[];
}

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

/**
 * The request body a shop backend would send for a session observed up to its last page: the
 * inverse of `toObservedSession` (padding dropped, profile and hour from the current page).
 * Log-replay clients, the demo traffic and the tests build bodies with it.
 *
 * @example
 * const body = sessionBodyFromPages('web-1', pagesOfSession.slice(0, t + 1));
 * await fetch(`${baseUrl}/churn`, { method: 'POST', body: JSON.stringify(body) });
 */
export function sessionBodyFromPages(sessionId: string, pages: readonly PageRecord[]): SessionBody {
  if (pages.length === 0) throw new Error('sessionBodyFromPages: a session needs at least one page.');
  const current = pages[pages.length - 1];
  return {
    sessionId,
    profile: { ...current.profile },
    hour: current.hour,
    pages: pages.map((page) => ({
      items: Array.from({ length: page.itemCount }, (_, i) => ({
        position: page.position[i],
        ctr: page.ctr[i],
        cvr: page.cvr[i],
        price: page.priceYuan[i],
        click: page.click[i] as 0 | 1,
        cart: page.cart[i] as 0 | 1,
        fav: page.fav[i] as 0 | 1,
        purchase: page.purchaseYuan[i],
      })),
    })),
  };
}
