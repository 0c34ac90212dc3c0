export {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  FEATURE_VERSION,
  type FeatureName,
} from './featureNames.ts';
export {
  PAGE_SUMMARY_SIZE,
  S as PAGE_SUMMARY_SLOTS,
  summarizePage,
  TOP_POSITION_OFFSETS,
} from './pageSummary.ts';
export { sessionFeatures } from './sessionFeatures.ts';
export { FeatureInputError, validateSession } from './validateSession.ts';
