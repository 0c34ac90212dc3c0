import { MAX_PAGE_ID } from '../../session/index.ts';
import type { HazardParams } from './params.ts';

/** Hazard logit of page depth `pageId`: a bounce on page 0, then a steady rise with depth. */
export function depthLogit(pageId: number, hazard: HazardParams): number {
  return hazard.perDepth * pageId + (pageId === 0 ? hazard.firstPageBounce : 0);
}

/** Hazard logit of the page's own engagement: clicks and saves (capped) keep users, a purchase ends errands. */
export function engagementLogit(
  clicks: number,
  saves: number,
  bought: boolean,
  hazard: HazardParams,
): number {
  return (
    hazard.perClick * Math.min(clicks, hazard.clickCap) +
    hazard.perSave * Math.min(saves, hazard.saveCap) +
    (bought ? hazard.afterPurchase : 0)
  );
}

/**
 * The churn probability of a page: P(this page is the session's last), 1 on the last possible page.
 *
 * @example
 * churnProbability(state.hazardLogit, 3, 2, 0, false, params.hazard);
 */
export function churnProbability(
  sessionLogit: number,
  pageId: number,
  clicks: number,
  saves: number,
  bought: boolean,
  hazard: HazardParams,
): number {
  if (pageId >= MAX_PAGE_ID) return 1;
  const logit = sessionLogit + depthLogit(pageId, hazard) + engagementLogit(clicks, saves, bought, hazard);
  return 1 / (1 + Math.exp(-logit));
}
