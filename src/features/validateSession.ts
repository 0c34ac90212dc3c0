import { ITEMS_PER_PAGE, MAX_HOUR, MAX_PAGE_ID, type ObservedSession } from '../session/index.ts';

/** A session the feature function cannot read; the message says what is wrong and how to fix it. */
export class FeatureInputError extends RangeError {
  override name = 'FeatureInputError';
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Check the cheap structural facts the features rely on (O(pages), never per item).
 *
 * @example
 * validateSession({ profile, hour: 20, pages: [page] }); // returns the first page id (0)
 */
export function validateSession(session: ObservedSession): number {
  const { profile, hour, pages } = session;
  const firstPageId = session.firstPageId ?? 0;
  if (pages.length === 0) {
    throw new FeatureInputError(
      'sessionFeatures: the session has no pages; pass at least the current page (pages[pages.length-1]).',
    );
  }
  if (!isIntegerIn(firstPageId, 0, MAX_PAGE_ID)) {
    throw new FeatureInputError(
      `sessionFeatures: firstPageId ${firstPageId} is not an integer in 0–${MAX_PAGE_ID}.`,
    );
  }
  const currentPageId = firstPageId + pages.length - 1;
  if (currentPageId > MAX_PAGE_ID) {
    throw new FeatureInputError(
      `sessionFeatures: firstPageId ${firstPageId} with ${pages.length} pages reaches page ${currentPageId}; ` +
        `page ids stop at ${MAX_PAGE_ID}, so pass at most ${MAX_PAGE_ID + 1 - firstPageId} pages.`,
    );
  }
  if (!isIntegerIn(hour, 0, MAX_HOUR)) {
    throw new FeatureInputError(`sessionFeatures: hour ${hour} is not an integer in 0–${MAX_HOUR}.`);
  }
  if (!Number.isFinite(profile.ageLevel) || !Number.isFinite(profile.gender)) {
    throw new FeatureInputError('sessionFeatures: profile.ageLevel and profile.gender must be numbers.');
  }
  if (!Number.isFinite(profile.purchasePower)) {
    throw new FeatureInputError('sessionFeatures: profile.purchasePower must be a number.');
  }
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i];
    const shortest = Math.min(
      page.position.length,
      page.ctr.length,
      page.cvr.length,
      page.priceYuan.length,
      page.click.length,
      page.cart.length,
      page.fav.length,
      page.purchaseYuan.length,
    );
    if (!isIntegerIn(page.itemCount, 0, ITEMS_PER_PAGE) || shortest < page.itemCount) {
      throw new FeatureInputError(
        `sessionFeatures: pages[${i}] has itemCount ${page.itemCount} and its shortest item list has ${shortest} ` +
          `values; itemCount must be an integer in 0–${ITEMS_PER_PAGE} and no larger than any item list.`,
      );
    }
  }
  return firstPageId;
}
