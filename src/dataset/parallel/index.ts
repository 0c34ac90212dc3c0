export {
  DEFAULT_PARSE_ONCE_BYTES,
  DEFAULT_PIECE_BYTES,
  scanOnThreads,
  type ThreadedScan,
} from './scanOnThreads.ts';
export { findSessionCuts } from './sessionCuts.ts';
export { parseThreadSetting, prepareThreads, type ThreadSetting } from './threadCount.ts';
