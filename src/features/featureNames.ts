/**
 * The feature list: names, order and version. The order is the column order of every matrix built
 * from {@link sessionFeatures}; bump {@link FEATURE_VERSION} on any change of a name, an order or a
 * definition so trained models refuse mismatched inputs. Definitions: `docs/features.md`.
 */

/** Version of the feature definitions; models store it and the API checks it. */
export const FEATURE_VERSION = 'f1';

/**
 * Every feature, in column order (camelCase, units in the name where they matter).
 *
 * @example
 * FEATURE_NAMES.indexOf('clicksSoFar'); // column of the cumulative clicks
 */
export const FEATURE_NAMES = [
  // Profile, time, depth.
  'ageLevel',
  'gender',
  'purchasePower',
  'hourOfDay',
  'hourSin',
  'hourCos',
  'pageId',
  'hasFullHistory',
  'pagesObserved',
  // Current page (page t).
  'itemCount',
  'clicks',
  'carts',
  'favs',
  'purchases',
  'revenueYuan',
  'clickRate',
  'expectedClicks',
  'clickSurprise',
  'meanCtr',
  'maxCtr',
  'meanCvr',
  'maxCvr',
  'meanPriceYuan',
  'maxPriceYuan',
  'meanLogPrice',
  'expectedValueYuan',
  'clickedMeanPriceYuan',
  'clickedExpectedValueYuan',
  'meanPositionOffset',
  'topPositionClickRate',
  // Session history up to and including page t.
  'clicksSoFar',
  'cartsSoFar',
  'favsSoFar',
  'purchasesSoFar',
  'revenueSoFarYuan',
  'itemsSoFar',
  'sessionClickRate',
  'meanClicksPerPage',
  'noClickStreakPages',
  'clickedPagesShare',
  'previousPageClicks',
  'clickDeltaFromPreviousPage',
  'expectedValueSoFarYuan',
  'clickSurpriseSoFar',
  'cartValueSoFarYuan',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Column index of every feature by name, for writers and readers that want names, not numbers. */
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.freeze(
  Object.fromEntries(FEATURE_NAMES.map((name, index) => [name, index])) as Record<FeatureName, number>,
);

/** Number of features (the length of every vector {@link sessionFeatures} returns). */
export const FEATURE_COUNT = FEATURE_NAMES.length;
