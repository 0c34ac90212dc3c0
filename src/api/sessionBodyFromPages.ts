import type { PageRecord } from '../data/page.ts';
import type { SessionBody } from './schemas/session.ts';

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
