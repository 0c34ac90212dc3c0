export { type DrawnPage, drawPage } from './drawPage.ts';
export { churnProbability, depthLogit, engagementLogit } from './hazard.ts';
export { erfc, expectedMinLogNormal, normalCdf } from './normal.ts';
export { ObservableOracle, type ObservablePageOracle } from './observableOracle.ts';
export { createOracleScratch, type OracleScratch, remainingValueByDepth } from './oracle.ts';
export {
  type ClickParams,
  DEFAULT_SIMULATOR_PARAMS,
  type HazardParams,
  type PriceParams,
  type ProfileParams,
  type PurchaseParams,
  type RateParams,
  type SimulatorParams,
  type SimulatorParamsOverride,
} from './params.ts';
export { resolveSimulatorParams, SimulatorParamsError } from './resolveParams.ts';
export { drawSessionState, type SessionState, sessionStateOf } from './sessionState.ts';
export {
  type PageOracle,
  type SimulatedPage,
  type SimulateOptions,
  simulateSessions,
} from './simulateSessions.ts';
export { buildSimulatorTables, type SimulatorTables } from './tables.ts';
export {
  ORACLE_HEADER,
  type SimulatedLogSummary,
  type WriteSimulatedLogOptions,
  writeSimulatedLog,
} from './writeSimulatedLog.ts';
