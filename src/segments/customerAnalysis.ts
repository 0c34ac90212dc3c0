import { type CustomerSummary, DAYS_PER_UNIT, summarizeCustomers } from '../customers/index.ts';
import type { BgNbdParameters } from '../ml/clv/bgNbd.ts';
import type { GammaGammaParameters } from '../ml/clv/gammaGamma.ts';
import { BgNbdModel, GammaGammaModel } from '../ml/clv/index.ts';
import type { TransactionLog } from '../transactions/index.ts';
import { type SegmentPopulation, segmentPopulation } from './customerSegmentation.ts';
import {
  assignSegments,
  profileTable,
  type SegmentProfile,
  type SegmentThresholds,
} from './namedSegments.ts';
import { type RfmScores, rfmScores } from './rfm.ts';
import { SEGMENT_NAMES, type SegmentConfig } from './segmentConfig.ts';

/** Every customer at a cut-off with the fitted models' predictions, RFM scores and named segment. */
export interface CustomerAnalysis {
  summary: CustomerSummary;
  bgNbd: BgNbdParameters & { logLikelihood: number };
  gammaGamma: GammaGammaParameters & { logLikelihood: number };
  /** The horizon of `clv` in the summary's time unit (weeks). */
  horizon: number;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedSpend: Float64Array;
  /** Predicted revenue over the horizon: expected purchases × expected spend per purchase. */
  clv: Float64Array;
  /** What the segments judge each customer on (columns of the summary, P(alive), clv). */
  population: SegmentPopulation;
  rfm: RfmScores;
  /** Index into SEGMENT_NAMES per customer. */
  segments: Uint8Array;
  thresholds: SegmentThresholds;
  profiles: SegmentProfile[];
}

/**
 * Summarise the customers at `calibrationEnd`, fit BG/NBD and Gamma-Gamma on them, predict P(alive)
 * and revenue over `config.horizonDays`, score RFM quintiles and assign the named segments.
 *
 * @example
 * const analysis = analyseCustomers(log, { calibrationEnd: summary.lastDay, config: DEFAULT_SEGMENT_CONFIG });
 */
export function analyseCustomers(
  log: TransactionLog,
  { calibrationEnd, config }: { calibrationEnd: number; config: SegmentConfig },
): CustomerAnalysis {
  const summary = summarizeCustomers(log, { calibrationEnd, timeUnit: 'weeks' });
  if (summary.x.length < 10) {
    throw new Error(
      `${summary.x.length} customers bought on or before the cut-off; segments need at least 10 (choose a later --calibration-end).`,
    );
  }
  const bgNbdModel = new BgNbdModel().fit(summary);
  const gammaGammaModel = new GammaGammaModel().fit(summary);
  const horizon = config.horizonDays / DAYS_PER_UNIT.weeks;
  const pAlive = bgNbdModel.probabilityAlive(summary);
  const expectedPurchases = bgNbdModel.conditionalExpectedPurchases(horizon, summary);
  const expectedSpend = gammaGammaModel.expectedSpend(summary);
  const clv = expectedPurchases.map((purchases, i) => purchases * expectedSpend[i]);
  const f = summary.features;
  const population = segmentPopulation(f, {
    pAlive,
    clv,
    recentDays: config.missedOpportunity.recentDays,
  });
  const { codes: segments, thresholds } = assignSegments(
    { clv, pastValue: f.totalSpend, pAlive, recentPurchases: population.recentPurchases },
    config,
  );
  const bgNbdState = bgNbdModel.toJSON().state;
  const gammaGammaState = gammaGammaModel.toJSON().state;
  return {
    summary,
    bgNbd: { ...bgNbdModel.parameters, logLikelihood: bgNbdState.logLikelihood },
    gammaGamma: { ...gammaGammaModel.parameters, logLikelihood: gammaGammaState.logLikelihood },
    horizon,
    pAlive,
    expectedPurchases,
    expectedSpend,
    clv,
    population,
    rfm: rfmScores({ recencyDays: f.recencyDays, frequency: f.frequency, monetary: f.meanSpend }),
    segments,
    thresholds,
    profiles: profileTable(segments, SEGMENT_NAMES, {
      recencyDays: f.recencyDays,
      frequency: f.frequency,
      totalSpend: f.totalSpend,
      clv,
      pAlive,
    }),
  };
}
