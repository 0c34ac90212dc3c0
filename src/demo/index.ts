export { type ReplayOptions, type ReplaySummary, replaySimulatedTraffic } from './replayTraffic.ts';
