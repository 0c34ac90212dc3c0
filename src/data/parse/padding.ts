import { ITEMS_PER_PAGE, type PageItems } from '../../session/index.ts';
import type { RejectReason } from './rejectReasons.ts';

const PADDING_WITH_ACTIVITY = -1;
const INTERLEAVED_PADDING = -2;

/**
 * A slot is padding when everything that describes an item is zero: position 0, price 0, ctr 0 and
 * cvr 0. Position 0 alone is not enough (page 0 shows position 0 as a real item), nor is ctr/cvr
 * 0.0 alone (the real sample has real items with ctr 0 and a price). The state feature is ignored:
 * it is optional and may be a constant.
 */
function isPaddingSlot(page: PageItems, i: number): boolean {
  return page.position[i] === 0 && page.priceYuan[i] === 0 && page.ctr[i] === 0 && page.cvr[i] === 0;
}

function hasActivity(page: PageItems, i: number): boolean {
  return page.click[i] !== 0 || page.cart[i] !== 0 || page.fav[i] !== 0 || page.purchaseYuan[i] !== 0;
}

/**
 * The number of real items (the slots before the first padding slot), or a negative code when the
 * padding is malformed: see {@link paddingFailureReason}. No allocation: it runs on every line.
 *
 * @example
 * countRealItems(page); // 43
 */
export function countRealItems(page: PageItems): number {
  let itemCount = ITEMS_PER_PAGE;
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    if (isPaddingSlot(page, i)) {
      itemCount = i;
      break;
    }
  }
  for (let i = itemCount; i < ITEMS_PER_PAGE; i++) {
    if (!isPaddingSlot(page, i)) return INTERLEAVED_PADDING;
    if (hasActivity(page, i)) return PADDING_WITH_ACTIVITY;
  }
  return itemCount;
}

/** The reject reason of a negative {@link countRealItems} code. */
export function paddingFailureReason(code: number): RejectReason {
  return code === PADDING_WITH_ACTIVITY ? 'padding-with-activity' : 'interleaved-padding';
}

/** A readable description of where the padding goes wrong (slow path, bad lines only). */
export function paddingFailureDetail(page: PageItems): string {
  let firstPadding = -1;
  for (let i = 0; i < ITEMS_PER_PAGE; i++) {
    const padding = isPaddingSlot(page, i);
    if (padding && firstPadding < 0) firstPadding = i;
    if (padding && hasActivity(page, i)) {
      return `item ${i + 1} is padding (position, price, ctr, cvr all 0) but has a click, cart, favourite or purchase`;
    }
    if (!padding && firstPadding >= 0) {
      return `item ${firstPadding + 1} is padding but item ${i + 1} after it is a real item (position ${page.position[i]}, price ${page.priceYuan[i]})`;
    }
  }
  return 'malformed padding';
}
