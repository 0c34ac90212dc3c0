export { findSessionCuts } from './sessionCuts.ts';
export { featurizeThreads, parseThreadSetting, type ThreadSetting } from './threadCount.ts';
export { DEFAULT_PIECE_BYTES, writeFeatureTableParallel } from './writeFeatureTableParallel.ts';
