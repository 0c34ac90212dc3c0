import type { TimeUnit } from '../../customers/index.ts';
import type { CustomerValueSettings } from '../../ml/clv/index.ts';
import type { SegmentConfig } from '../../segments/segmentConfig.ts';

/** Everything a customer-value fit is configured by (CLI flags fill it; defaults below). */
export interface CustomerValueConfig {
  /** The holdout cut-off (days since 1970-01-01): models see purchases up to and including it. */
  calibrationEnd: number;
  /** Horizon of the 90-day targets and predictions, in days. */
  horizonDays: number;
  timeUnit: TimeUnit;
  lifetime: CustomerValueSettings['lifetime'];
  /** Seed of the supervised models, of their early-stopping split and of the mixture's starts. */
  seed: number;
  /** Thresholds and mixture settings of the segments stored with the model (default DEFAULT_SEGMENT_CONFIG). */
  segments?: SegmentConfig;
}

export const DEFAULT_LIFETIME: CustomerValueSettings['lifetime'] = {
  horizonDays: 365,
  periods: 12,
  discountRatePerPeriod: 0.01,
  margin: 1,
};

/** The supervised models: boosting with early stopping; Tweedie with the balance correction for spend. */
export const SUPERVISED_PARAMS = {
  purchase: {
    nEstimators: 400,
    learningRate: 0.05,
    maxDepth: null,
    maxLeaves: 15,
    minChildWeight: 5,
    subsample: 0.8,
    colsampleBytree: 0.8,
    earlyStoppingRounds: 30,
    nThreads: 1,
  },
  spend: {
    loss: 'tweedie',
    tweedieVariancePower: 1.5,
    balanceCorrection: true,
    nEstimators: 400,
    learningRate: 0.05,
    maxDepth: null,
    maxLeaves: 15,
    minChildWeight: 5,
    subsample: 0.8,
    colsampleBytree: 0.8,
    earlyStoppingRounds: 30,
    nThreads: 1,
  },
} as const;
