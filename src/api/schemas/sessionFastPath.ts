import type { SessionBody } from '../../session/index.ts';
import * as limits from '../../session/limits.ts';

const SESSION_KEYS = new Set(['sessionId', 'profile', 'hour', 'firstPageId', 'pages']);
const ITEM_KEY_COUNT = 8;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const intIn = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const numIn = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;
const flag = (v: unknown) => v === 0 || v === 1;

function itemPasses(item: unknown): boolean {
  if (!isObject(item)) return false;
  let keys = 0;
  for (const _ in item) keys++;
  return (
    keys === ITEM_KEY_COUNT &&
    intIn(item.position, limits.MAX_POSITION) &&
    numIn(item.ctr, 1) &&
    numIn(item.cvr, 1) &&
    numIn(item.price, limits.MAX_AMOUNT_YUAN) &&
    flag(item.click) &&
    flag(item.cart) &&
    flag(item.fav) &&
    numIn(item.purchase, limits.MAX_AMOUNT_YUAN)
  );
}

/**
 * A cheap, allocation-free check that a parsed JSON body certainly satisfies `SessionSchema` (the
 * same limits, read from the same constants). `true` lets the request skip zod, which costs ~20× more
 * on a realistic body; `false` only means "let zod decide": zod then accepts or writes the
 * problem's field errors, so answers and messages never depend on this function. A test checks
 * over fuzzed bodies that it never accepts what the schema refuses.
 *
 * @example
 * const session = passesSessionFastPath(json) ? json : SessionSchema.parse(json);
 */
export function passesSessionFastPath(body: unknown): body is SessionBody {
  if (!isObject(body)) return false;
  for (const key in body) if (!SESSION_KEYS.has(key)) return false;
  const { sessionId, profile, hour, firstPageId, pages } = body;
  if (
    sessionId !== undefined &&
    !(
      typeof sessionId === 'string' &&
      sessionId.length >= 1 &&
      sessionId.length <= limits.MAX_SESSION_ID_LENGTH
    )
  ) {
    return false;
  }
  if (!isObject(profile)) return false;
  let profileKeys = 0;
  for (const _ in profile) profileKeys++;
  if (
    profileKeys !== 3 ||
    !intIn(profile.ageLevel, limits.MAX_AGE_LEVEL) ||
    !intIn(profile.gender, limits.MAX_GENDER) ||
    !intIn(profile.purchasePower, limits.MAX_PURCHASE_POWER)
  ) {
    return false;
  }
  if (!intIn(hour, limits.MAX_HOUR)) return false;
  if (firstPageId !== undefined && !intIn(firstPageId, limits.MAX_PAGES_PER_SESSION - 1)) return false;
  if (
    !Array.isArray(pages) ||
    pages.length < 1 ||
    ((firstPageId as number | undefined) ?? 0) + pages.length > limits.MAX_PAGES_PER_SESSION
  ) {
    return false;
  }
  for (const page of pages) {
    if (!isObject(page)) return false;
    for (const key in page) if (key !== 'items') return false;
    const items = page.items;
    if (!Array.isArray(items) || items.length > limits.ITEMS_PER_PAGE) return false;
    for (const item of items) if (!itemPasses(item)) return false;
  }
  return true;
}
