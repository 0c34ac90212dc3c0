export {
  type CustomerReplayOptions,
  type CustomerReplaySummary,
  replaySimulatedCustomers,
} from './replayCustomers.ts';
export { type ReplayOptions, type ReplaySummary, replaySimulatedTraffic } from './replayTraffic.ts';
export { reachableHost, startBanner } from './startBanner.ts';
