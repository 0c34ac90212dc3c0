import type { PageItems } from '../../session/index.ts';

/** Per-page labels of one session, index = position of the page in the session. */
export interface SessionLabels {
  /** Terminal flag of page t (0/1). */
  churn: Float64Array;
  /** Revenue of pages after t in the same session, yuan. */
  remainingRevenue: Float64Array;
  /** Total revenue of the session, yuan (same on every page). */
  sessionRevenue: Float64Array;
  /** Revenue of pages up to and including t, yuan. */
  revenueSoFar: Float64Array;
}

/** Buffers for the labels of a session of up to `maxPages` pages (reuse them across sessions). */
export function createSessionLabels(maxPages: number): SessionLabels {
  return {
    churn: new Float64Array(maxPages),
    remainingRevenue: new Float64Array(maxPages),
    sessionRevenue: new Float64Array(maxPages),
    revenueSoFar: new Float64Array(maxPages),
  };
}

/**
 * Revenue of one page: purchase amounts of its real items, yuan.
 *
 * @example
 * pageRevenueYuan(page); // 0 on most pages
 */
export function pageRevenueYuan(page: PageItems): number {
  let revenueYuan = 0;
  for (let i = 0; i < page.itemCount; i++) revenueYuan += page.purchaseYuan[i];
  return revenueYuan;
}

/**
 * Fill the labels of the first `count` pages of a session. `remainingRevenue` is a suffix sum (not
 * `sessionRevenue − revenueSoFar`) so a session without later purchases gets exactly 0.
 *
 * @example
 * const labels = createSessionLabels(12);
 * computeSessionLabels(pages, pages.length, labels);
 * labels.remainingRevenue[0]; // revenue of pages 1…
 */
export function computeSessionLabels(
  pages: readonly (PageItems & { terminal: number })[],
  count: number,
  out: SessionLabels,
): void {
  let after = 0;
  for (let t = count - 1; t >= 0; t--) {
    out.remainingRevenue[t] = after;
    after += pageRevenueYuan(pages[t]);
  }
  const sessionRevenue = after;
  let soFar = 0;
  for (let t = 0; t < count; t++) {
    soFar += pageRevenueYuan(pages[t]);
    out.revenueSoFar[t] = soFar;
    out.sessionRevenue[t] = sessionRevenue;
    out.churn[t] = pages[t].terminal;
  }
}
