import { emptyPageItems, ITEMS_PER_PAGE, type PageItems } from '../../src/session/index.ts';

/** The real items of a hand-made page, one array per list (same length = itemCount). */
export interface HandMadeItems {
  position: number[];
  ctr: number[];
  cvr: number[];
  priceYuan: number[];
  click?: number[];
  cart?: number[];
  fav?: number[];
  purchaseYuan?: number[];
}

/**
 * Build a page from hand-written real items. The padding slots are filled with loud values (clicks,
 * prices, purchases) so a feature that reads padding shows up in every expected number.
 */
export function handMadePage(items: HandMadeItems, padding: 'zeros' | 'loud' = 'loud'): PageItems {
  const page = emptyPageItems();
  const n = items.position.length;
  page.itemCount = n;
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    const real = i < n;
    const loud = !real && padding === 'loud';
    page.position[i] = real ? items.position[i] : loud ? 7 : 0;
    page.ctr[i] = real ? items.ctr[i] : loud ? 0.9 : 0;
    page.cvr[i] = real ? items.cvr[i] : loud ? 0.9 : 0;
    page.priceYuan[i] = real ? items.priceYuan[i] : loud ? 9999 : 0;
    page.click[i] = real ? (items.click?.[i] ?? 0) : loud ? 1 : 0;
    page.cart[i] = real ? (items.cart?.[i] ?? 0) : loud ? 1 : 0;
    page.fav[i] = real ? (items.fav?.[i] ?? 0) : loud ? 1 : 0;
    page.purchaseYuan[i] = real ? (items.purchaseYuan?.[i] ?? 0) : loud ? 9999 : 0;
    page.state[i] = loud ? 1 : 0;
  }
  return page;
}
