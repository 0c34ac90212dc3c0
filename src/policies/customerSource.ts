import { existsSync } from 'node:fs';
import { analyseCustomers } from '../segments/customerAnalysis.ts';
import {
  DEFAULT_SEGMENT_CONFIG,
  DEFAULT_SEGMENT_CONFIG_PATH,
  loadSegmentConfig,
  SEGMENT_NAMES,
} from '../segments/segmentConfig.ts';
import { parseIsoDateOption, readTransactionInput } from '../transactions/index.ts';
import { customerPopulation } from './customerPopulation.ts';
import type { PolicyPopulation } from './population.ts';

export interface CustomerSourceOptions {
  dataset?: string;
  input?: string;
  format?: string;
  calibrationEnd?: string;
  segmentConfig?: string;
  seed: number;
}

/**
 * The customers of a transaction file as a policy population: read, summarised at the cut-off,
 * BG/NBD × Gamma-Gamma fitted, segmented; revenue drawn over the segment config's horizon.
 */
export async function customerSource(
  options: CustomerSourceOptions,
): Promise<PolicyPopulation & { label: string }> {
  const { log, summary: read, label } = await readTransactionInput(options);
  if (read.lastDay === null) throw new Error(`${label} holds no usable transaction.`);
  const configPath = options.segmentConfig ?? DEFAULT_SEGMENT_CONFIG_PATH;
  const config =
    options.segmentConfig === undefined && !existsSync(configPath)
      ? DEFAULT_SEGMENT_CONFIG
      : loadSegmentConfig(configPath);
  const calibrationEnd =
    options.calibrationEnd === undefined
      ? read.lastDay
      : parseIsoDateOption(options.calibrationEnd, 'calibrationEnd');
  const analysis = analyseCustomers(log, { calibrationEnd, config });
  const { summary } = analysis;
  const f = summary.features;
  return {
    ...customerPopulation({
      x: summary.x,
      T: summary.T,
      zbar: summary.zbar,
      pAlive: analysis.pAlive,
      bgNbd: analysis.bgNbd,
      gammaGamma: analysis.gammaGamma,
      horizon: analysis.horizon,
      horizonLabel: `the next ${config.horizonDays} days`,
      attributes: {
        pAlive: analysis.pAlive,
        clv: analysis.clv,
        expectedPurchases: analysis.expectedPurchases,
        recencyDays: f.recencyDays,
        frequency: f.frequency,
        totalSpend: f.totalSpend,
      },
      segments: { names: SEGMENT_NAMES, codes: analysis.segments },
      seed: options.seed,
    }),
    label,
  };
}
