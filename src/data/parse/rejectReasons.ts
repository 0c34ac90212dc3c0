import * as limits from '../../session/limits.ts';
/**
 * Why a line of the behaviour log was rejected. Every bad line is counted under exactly one reason
 * (the first problem found, reading the columns left to right; a wrong column count wins over
 * everything else because it makes every later column meaningless).
 */
export const REJECT_REASONS = [
  'blank-line',
  'line-too-long',
  'column-count',
  'list-length',
  'non-numeric',
  'page-id-out-of-range',
  'hour-out-of-range',
  'profile-out-of-range',
  'flag-not-binary',
  'rate-out-of-range',
  'negative-amount',
  'position-out-of-range',
  'padding-with-activity',
  'interleaved-padding',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/** One sentence per reason: what it means and the usual cause. */
export const REJECT_REASON_DESCRIPTIONS: Readonly<Record<RejectReason, string>> = {
  'blank-line': 'the line is empty',
  'line-too-long': 'the line is longer than the longest line the parser accepts (no newline?)',
  'column-count': 'the line does not have 15 columns',
  'list-length': `an item list (columns 6–14) does not hold exactly ${limits.ITEMS_PER_PAGE} values`,
  'non-numeric': 'a value is not a number',
  'page-id-out-of-range': `the page id (column 1) is not an integer in 0–${limits.MAX_PAGE_ID}`,
  'hour-out-of-range': `the hour (column 2) is not an integer in 0–${limits.MAX_HOUR}`,
  'profile-out-of-range': `a profile code (columns 3–5: age 0–${limits.MAX_AGE_LEVEL}, gender 0–${limits.MAX_GENDER}, power 0–${limits.MAX_PURCHASE_POWER}) is out of range`,
  'flag-not-binary': 'a click/cart/favourite flag or the terminal flag is not 0 or 1',
  'rate-out-of-range': 'a predicted ctr or cvr is outside 0–1',
  'negative-amount': 'a price or purchase amount is negative',
  'position-out-of-range': `an item position is not an integer in 0–${limits.MAX_POSITION}`,
  'padding-with-activity':
    'a padding slot (position, price, ctr and cvr all 0) has a click, cart, favourite or purchase',
  'interleaved-padding': 'a padding slot is followed by a real item (padding must be trailing)',
};

/** Counts per reason, all zero. */
export function emptyRejectCounts(): Record<RejectReason, number> {
  const counts = {} as Record<RejectReason, number>;
  for (const reason of REJECT_REASONS) counts[reason] = 0;
  return counts;
}
