export { type ReplayOptions, type ReplaySummary, replaySimulatedTraffic } from './replayTraffic.ts';
export { reachableHost, startBanner } from './startBanner.ts';
