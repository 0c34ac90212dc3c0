/**
 * How far a log is in session order. A line *continues* the previous line when both are good pages
 * on consecutive lines of the same file, the previous page is not terminal, the page id is the
 * previous one + 1 and the profile is the same (a session is one user).
 *
 * - `continuationRate` = continuing lines / pages: the share of pages that extend the previous line's
 *   session (in session order this is 1 − sessions/pages, e.g. ≈ 0.6 when sessions average 2.5 pages).
 * - `followRate` = continuing lines / pages with page id > 0: in session order every page after the
 *   first of its session continues the previous line, so this is ≈ 1; in a shuffled export it is
 *   near 0. It is the number the fallback rule uses, because it does not depend on session length.
 */
export interface SessionOrderStats {
  pages: number;
  /** Pages with page id > 0. */
  laterPages: number;
  continuingPages: number;
  sessions: number;
  /** Sessions whose first page is not page 0 (history before it is missing). */
  sessionsStartingLate: number;
  /** Sessions that ended by a break or the end of the input without terminal = 1 on their last page. */
  unterminatedSessions: number;
  continuationRate: number;
  followRate: number;
}

/** Below this share of later pages continuing their previous line, history cannot be trusted. */
export const MIN_FOLLOW_RATE = 0.9;
/**
 * Too few later pages to judge: with fewer than this many, the rule trusts the order only when every
 * later page continues (a hand-made file of 3 pages in order must not fall back).
 */
export const MIN_LATER_PAGES_TO_JUDGE = 20;

/**
 * The fallback rule: featurize page by page (no history) when fewer than 90 % of the pages with
 * page id > 0 continue the previous line (at least 20 such pages; on fewer, any miss falls back).
 *
 * @example
 * shouldFallBackToPageLevel(stats); // true for the real 100-line sample (shuffled)
 */
export function shouldFallBackToPageLevel(stats: SessionOrderStats): boolean {
  if (stats.laterPages === 0) return false;
  if (stats.laterPages < MIN_LATER_PAGES_TO_JUDGE) return stats.continuingPages < stats.laterPages;
  return stats.followRate < MIN_FOLLOW_RATE;
}

/** Rates from the counts (0 when nothing to divide). */
export function withRates(
  stats: Omit<SessionOrderStats, 'continuationRate' | 'followRate'>,
): SessionOrderStats {
  return {
    ...stats,
    continuationRate: stats.pages === 0 ? 0 : stats.continuingPages / stats.pages,
    followRate: stats.laterPages === 0 ? 1 : stats.continuingPages / stats.laterPages,
  };
}
