import { FEATURE_COUNT, sessionFeatures } from '../features/index.ts';
import type { ObservedSession, PageRecord, Profile } from '../session/index.ts';

/**
 * Calls the feature function on every prefix of a rebuilt session without allocating per row: one
 * output vector, one mutable `ObservedSession`, and prefix arrays built once over the rebuilder's
 * page pool (the pool's page objects are stable; only their contents change).
 *
 * @example
 * const featurizer = new SessionFeaturizer();
 * for (let t = 0; t < count; t++) use(featurizer.featurize(pages, t));
 */
export class SessionFeaturizer {
  readonly features = new Float64Array(FEATURE_COUNT);
  private pool: readonly PageRecord[] | null = null;
  private prefixes: PageRecord[][] = [];
  private readonly profile: Profile = { ageLevel: 0, gender: 0, purchasePower: 0 };
  private readonly observed: ObservedSession & {
    hour: number;
    firstPageId: number;
    pages: readonly PageRecord[];
  } = {
    profile: this.profile,
    hour: 0,
    firstPageId: 0,
    pages: [],
  };

  /** Features of the session `pages[0 … t]` (page t is the current page); the vector is reused. */
  featurize(pages: readonly PageRecord[], t: number): Float64Array {
    if (pages !== this.pool) {
      this.pool = pages;
      this.prefixes = pages.map((_, i) => pages.slice(0, i + 1));
    }
    const first = pages[0];
    this.profile.ageLevel = first.profile.ageLevel;
    this.profile.gender = first.profile.gender;
    this.profile.purchasePower = first.profile.purchasePower;
    this.observed.hour = pages[t].hour;
    this.observed.firstPageId = first.pageId;
    this.observed.pages = this.prefixes[t];
    return sessionFeatures(this.observed, this.features);
  }
}
