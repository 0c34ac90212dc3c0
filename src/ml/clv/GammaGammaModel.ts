import { z } from 'zod';
import type { ModelArtifact } from '../estimator.ts';
import { parseArtifact } from '../inference/parseArtifact.ts';
import {
  type FitReport,
  fitReportSchema,
  type ProbabilisticFitParams,
  positiveParameter,
} from './fitReport.ts';
import { type GammaGammaParameters, gammaGammaExpectedSpend, gammaGammaLogLikelihood } from './gammaGamma.ts';
import { minimizeBfgs } from './minimizeBfgs.ts';
import { frequencyLevels, type RepeatSpendData } from './repeatPurchaseData.ts';

export type GammaGammaArtifact = ModelArtifact<
  'gamma-gamma',
  ProbabilisticFitParams,
  GammaGammaParameters & FitReport
>;

const gammaGammaArtifactSchema = z.object({
  kind: z.literal('gamma-gamma'),
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string()),
  params: z.object({ maxIterations: z.number().int().positive(), gradientTolerance: z.number().positive() }),
  state: z.object({
    p: positiveParameter,
    q: positiveParameter,
    v: positiveParameter,
    ...fitReportSchema.shape,
  }),
});

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005b), fitted by maximum
 * likelihood on the customers with repeat purchases and a positive mean repeat spend; the others carry
 * no information about their own spend level and are skipped (counted in `state.customers`, the number used).
 *
 * @example
 * const spend = new GammaGammaModel().fit({ x, zbar });
 * spend.expectedSpend({ x, zbar }); // expected value of a future transaction, per customer
 */
export class GammaGammaModel {
  readonly params: ProbabilisticFitParams;
  private fitted: GammaGammaArtifact | null = null;

  constructor({ maxIterations = 500, gradientTolerance = 1e-9 }: Partial<ProbabilisticFitParams> = {}) {
    this.params = { maxIterations, gradientTolerance };
  }

  fit(data: RepeatSpendData): this {
    const used = repeatCustomers(data);
    const n = used.x.length;
    if (n < 2) {
      throw new RangeError(
        `GammaGammaModel: ${n} customers with repeat purchases and positive spend; need at least 2 (more than a few hundred for stable estimates).`,
      );
    }
    const logZbar = used.zbar.map(Math.log);
    const levels = frequencyLevels(used.x);
    let meanSpend = 0;
    for (let i = 0; i < n; i++) meanSpend += used.zbar[i]! / n;
    // Start at p = 1, q = 2 (a finite mean) and v matching the observed mean: pv/(q − 1) = mean z̄.
    const start = new Float64Array([0, Math.log(2), Math.log(meanSpend)]);
    const result = minimizeBfgs(
      (theta, gradient) => {
        const logLikelihood = gammaGammaLogLikelihood(fromLog(theta), used, logZbar, levels, gradient);
        for (let j = 0; j < 3; j++) gradient[j] = -gradient[j]! / n;
        return -logLikelihood / n;
      },
      start,
      this.params,
    );
    const estimates = fromLog(result.theta);
    this.fitted = {
      kind: 'gamma-gamma',
      schemaVersion: 1,
      featureNames: ['x', 'zbar'],
      params: { ...this.params },
      state: {
        ...estimates,
        logLikelihood: gammaGammaLogLikelihood(estimates, used, logZbar, levels),
        customers: n,
        iterations: result.iterations,
        converged: result.converged,
      },
    };
    return this;
  }

  get parameters(): GammaGammaParameters {
    const { p, q, v } = this.artifact().state;
    return { p, q, v };
  }

  /** Expected spend per future transaction, per customer (the population mean for x = 0). */
  expectedSpend({ x, zbar }: RepeatSpendData): Float64Array {
    const params = this.parameters;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++)
      out[i] = gammaGammaExpectedSpend(params, x[i]!, x[i]! > 0 ? zbar[i]! : 0);
    return out;
  }

  toJSON(): GammaGammaArtifact {
    return structuredClone(this.artifact());
  }

  static fromJSON(artifact: unknown): GammaGammaModel {
    const parsed = parseArtifact(gammaGammaArtifactSchema, artifact, 'gamma-gamma') as GammaGammaArtifact;
    const model = new GammaGammaModel(parsed.params);
    model.fitted = parsed;
    return model;
  }

  private artifact(): GammaGammaArtifact {
    if (!this.fitted) {
      throw new Error(
        'GammaGammaModel is not fitted yet: call fit(data) or GammaGammaModel.fromJSON(artifact).',
      );
    }
    return this.fitted;
  }
}

/** The customers a Gamma-Gamma fit can use: x > 0 and z̄ > 0 (finite). */
function repeatCustomers({ x, zbar }: RepeatSpendData): RepeatSpendData {
  if (zbar.length !== x.length) {
    throw new RangeError(
      `GammaGammaModel: x and zbar must have one value per customer (${x.length}, ${zbar.length}).`,
    );
  }
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i]! > 0 && zbar[i]! > 0 && Number.isFinite(zbar[i]!)) n++;
  const used = { x: new Float64Array(n), zbar: new Float64Array(n) };
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i]! > 0 && zbar[i]! > 0 && Number.isFinite(zbar[i]!)) {
      used.x[j] = x[i]!;
      used.zbar[j++] = zbar[i]!;
    }
  }
  return used;
}

function fromLog(theta: Float64Array): GammaGammaParameters {
  return { p: Math.exp(theta[0]!), q: Math.exp(theta[1]!), v: Math.exp(theta[2]!) };
}
