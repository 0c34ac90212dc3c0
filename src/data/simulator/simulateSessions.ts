import { SeededRandom } from '../../ml/random.ts';
import { emptyPageRecord, type PageRecord } from '../../session/index.ts';
import { drawPage } from './drawPage.ts';
import { ObservableOracle } from './observableOracle.ts';
import { createOracleScratch, remainingValueByDepth } from './oracle.ts';
import type { SimulatorParamsOverride } from './params.ts';
import { resolveSimulatorParams } from './resolveParams.ts';
import { drawSessionState } from './sessionState.ts';
import { buildSimulatorTables } from './tables.ts';

/** The truth about one simulated page, known only to the simulator. */
export interface PageOracle {
  /** The churn hazard the simulator used for this page (its terminal flag was drawn from it). */
  churnProbability: number;
  /** Expected revenue (yuan) of the later pages of the session, given the session's latent state. */
  expectedRemainingRevenueYuan: number;
  /** P(churn) given only what the log shows up to this page (the intent integrated out). */
  observableChurnProbability: number;
  /** Expected remaining revenue (yuan) given only what the log shows up to this page. */
  observableExpectedRemainingRevenueYuan: number;
}

/** One simulated line of the log with its oracle. */
export interface SimulatedPage {
  record: PageRecord;
  oracle: PageOracle;
  /** 0-based index of the session in the simulation. */
  sessionIndex: number;
}

export interface SimulateOptions {
  /** Number of sessions to simulate (a positive integer). */
  sessions: number;
  /** Seed of the pseudo-random generator: the same seed gives the same pages. */
  seed: number;
  /** Knobs to change from DEFAULT_SIMULATOR_PARAMS, group by group. */
  params?: SimulatorParamsOverride;
  /**
   * Yield the same record object every time, overwritten page after page (no allocation per page):
   * for writers that consume each page at once. Off by default, so records can be kept.
   */
  reuseRecords?: boolean;
}

/**
 * Simulate sessions of the behaviour log, page by page, deterministically for a seed. Lazy: pages
 * are drawn as they are consumed, so any number of sessions streams in constant memory.
 *
 * @example
 * for (const { record, oracle } of simulateSessions({ sessions: 1000, seed: 42 })) {
 *   console.log(formatPageLine(record), oracle.churnProbability);
 * }
 */
export function* simulateSessions(options: SimulateOptions): Generator<SimulatedPage> {
  const { sessions, seed } = options;
  if (!Number.isInteger(sessions) || sessions < 0) {
    throw new RangeError(`simulateSessions: sessions = ${sessions}; pass a whole number ≥ 0, e.g. 50000.`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`simulateSessions: seed = ${seed}; pass an integer, e.g. 42.`);
  }
  const tables = buildSimulatorTables(resolveSimulatorParams(options.params));
  const rng = new SeededRandom(seed);
  const scratch = createOracleScratch(tables);
  const observable = new ObservableOracle(tables);
  const reuse = options.reuseRecords === true ? emptyPageRecord() : undefined;
  let lineNumber = 0;
  for (let sessionIndex = 0; sessionIndex < sessions; sessionIndex++) {
    const state = drawSessionState(rng, tables);
    const valueByDepth = remainingValueByDepth(state, tables, scratch);
    observable.startSession(state.profile, state.hour);
    for (let pageId = 0; ; pageId++) {
      const { record, churnProbability } = drawPage(rng, tables, state, pageId, ++lineNumber, reuse);
      const seen = observable.observe(record);
      yield {
        record,
        oracle: {
          churnProbability,
          expectedRemainingRevenueYuan: (1 - churnProbability) * valueByDepth[pageId + 1],
          observableChurnProbability: seen.churnProbability,
          observableExpectedRemainingRevenueYuan: seen.expectedRemainingRevenueYuan,
        },
        sessionIndex,
      };
      if (record.terminal === 1) break;
    }
  }
}
