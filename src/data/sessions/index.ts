export {
  computeSessionLabels,
  createSessionLabels,
  pageRevenueYuan,
  type SessionLabels,
} from './labels.ts';
export {
  MIN_FOLLOW_RATE,
  MIN_LATER_PAGES_TO_JUDGE,
  type SessionOrderStats,
  shouldFallBackToPageLevel,
  withRates,
} from './sessionOrder.ts';
export {
  type SessionCallback,
  type SessionEnd,
  SessionRebuilder,
  type SessionRebuilderOptions,
} from './sessionRebuilder.ts';
