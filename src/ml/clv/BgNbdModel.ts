import { z } from 'zod';
import type { ModelArtifact } from '../estimator.ts';
import { parseArtifact } from '../inference/parseArtifact.ts';
import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdStart,
} from './bgNbd.ts';
import {
  type FitReport,
  fitReportSchema,
  type ProbabilisticFitParams,
  positiveParameter,
} from './fitReport.ts';
import { maximizeLogLikelihood, perCustomer } from './maximumLikelihood.ts';
import { frequencyLevels, type RepeatPurchaseData } from './repeatPurchaseData.ts';

export type BgNbdArtifact = ModelArtifact<'bg-nbd', ProbabilisticFitParams, BgNbdParameters & FitReport>;

const bgNbdArtifactSchema = z.object({
  kind: z.literal('bg-nbd'),
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string()),
  params: z.object({ maxIterations: z.number().int().positive(), gradientTolerance: z.number().positive() }),
  state: z.object({
    r: positiveParameter,
    alpha: positiveParameter,
    a: positiveParameter,
    b: positiveParameter,
    ...fitReportSchema.shape,
  }),
});

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005), fitted by maximum likelihood
 * (BFGS on log-parameters with the analytic gradient). Unitless: x, tₓ, T and every horizon must share
 * one time unit, the one the customer summary used.
 *
 * @example
 * const model = new BgNbdModel().fit({ x, tx, T });
 * model.conditionalExpectedPurchases(39, x, tx, T); // next 39 units, per customer
 */
export class BgNbdModel {
  readonly params: ProbabilisticFitParams;
  private fitted: BgNbdArtifact | null = null;

  constructor({ maxIterations = 500, gradientTolerance = 1e-9 }: Partial<ProbabilisticFitParams> = {}) {
    this.params = { maxIterations, gradientTolerance };
  }

  fit(data: RepeatPurchaseData): this {
    const levels = frequencyLevels(data.x);
    const n = data.x.length;
    const result = maximizeLogLikelihood(
      (theta, gradient) => bgNbdLogLikelihood(fromLog(theta), data, levels, gradient),
      bgNbdStart(data),
      n,
      this.params,
    );
    const estimates = fromLog(result.theta);
    this.fitted = {
      kind: 'bg-nbd',
      schemaVersion: 1,
      featureNames: ['x', 'tx', 'T'],
      params: { ...this.params },
      state: {
        ...estimates,
        logLikelihood: bgNbdLogLikelihood(estimates, data, levels),
        customers: n,
        iterations: result.iterations,
        converged: result.converged,
      },
    };
    return this;
  }

  /** The fitted r, α, a, b. */
  get parameters(): BgNbdParameters {
    const { r, alpha, a, b } = this.artifact().state;
    return { r, alpha, a, b };
  }

  /** P(alive) per customer. */
  probabilityAlive(data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => bgNbdProbabilityAlive(params, x, tx, T));
  }

  /** Expected purchases in the next `t` time units, per customer. */
  conditionalExpectedPurchases(t: number, data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => bgNbdConditionalExpectedPurchases(params, t, x, tx, T));
  }

  /** E[X(t)]: repeat purchases of a customer in the first `t` time units after the first purchase. */
  expectedPurchasesSinceFirst(t: number): number {
    return bgNbdConditionalExpectedPurchases(this.parameters, t, 0, 0, 0);
  }

  toJSON(): BgNbdArtifact {
    return structuredClone(this.artifact());
  }

  /** Rebuild a fitted model from its artifact (validated: a bad file fails with the field that is wrong). */
  static fromJSON(artifact: unknown): BgNbdModel {
    const parsed = parseArtifact(bgNbdArtifactSchema, artifact, 'bg-nbd') as BgNbdArtifact;
    const model = new BgNbdModel(parsed.params);
    model.fitted = parsed;
    return model;
  }

  private artifact(): BgNbdArtifact {
    if (!this.fitted)
      throw new Error('BgNbdModel is not fitted yet: call fit(data) or BgNbdModel.fromJSON(artifact).');
    return this.fitted;
  }
}

function fromLog(theta: Float64Array): BgNbdParameters {
  return {
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    a: Math.exp(theta[2]!),
    b: Math.exp(theta[3]!),
  };
}
