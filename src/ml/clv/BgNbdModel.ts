import { parseArtifact } from '../inference/parseArtifact.ts';
import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdStart,
} from './bgNbd.ts';
import type { ProbabilisticFitParams } from './fitReport.ts';
import { maximizeLogLikelihood } from './maximumLikelihood.ts';
import {
  type RepeatPurchaseArtifact,
  type RepeatPurchaseFormulas,
  RepeatPurchaseModel,
  repeatPurchaseArtifactSchema,
} from './RepeatPurchaseModel.ts';
import { frequencyLevels, type RepeatPurchaseData } from './repeatPurchaseData.ts';

export type BgNbdArtifact = RepeatPurchaseArtifact<'bg-nbd', BgNbdParameters>;

const bgNbdArtifactSchema = repeatPurchaseArtifactSchema('bg-nbd', ['r', 'alpha', 'a', 'b']);

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005), fitted by maximum likelihood
 * (BFGS on log-parameters with the analytic gradient). Unitless: x, tₓ, T and every horizon must share
 * one time unit, the one the customer summary used.
 *
 * @example
 * const model = new BgNbdModel().fit({ x, tx, T });
 * model.conditionalExpectedPurchases(39, x, tx, T); // next 39 units, per customer
 */
export class BgNbdModel extends RepeatPurchaseModel<'bg-nbd', BgNbdParameters> {
  constructor(params: Partial<ProbabilisticFitParams> = {}) {
    super(BG_NBD_FORMULAS, params);
  }

  fit(data: RepeatPurchaseData): this {
    const levels = frequencyLevels(data.x);
    const result = maximizeLogLikelihood(
      (theta, gradient) => bgNbdLogLikelihood(this.fromLog(theta), data, levels, gradient),
      bgNbdStart(data),
      data.x.length,
      this.params,
    );
    const estimates = this.fromLog(result.theta);
    this.recordFit(estimates, {
      logLikelihood: bgNbdLogLikelihood(estimates, data, levels),
      customers: data.x.length,
      result,
    });
    return this;
  }

  /** Rebuild a fitted model from its artifact (validated: a bad file fails with the field that is wrong). */
  static fromJSON(artifact: unknown): BgNbdModel {
    const parsed = parseArtifact(bgNbdArtifactSchema, artifact, 'bg-nbd') as BgNbdArtifact;
    return new BgNbdModel(parsed.params).adopt(parsed);
  }
}

const BG_NBD_FORMULAS: RepeatPurchaseFormulas<'bg-nbd', BgNbdParameters> = {
  kind: 'bg-nbd',
  className: 'BgNbdModel',
  parameterNames: ['r', 'alpha', 'a', 'b'],
  probabilityAlive: bgNbdProbabilityAlive,
  conditionalExpectedPurchases: bgNbdConditionalExpectedPurchases,
};
