import { z } from 'zod';
import type { ModelArtifact } from '../estimator.ts';
import { parseArtifact } from '../inference/parseArtifact.ts';
import {
  type FitReport,
  fitReportSchema,
  type ProbabilisticFitParams,
  positiveParameter,
} from './fitReport.ts';
import { historyGroups } from './historyGroups.ts';
import { maximizeLogLikelihood, perCustomer } from './maximumLikelihood.ts';
import {
  type ParetoNbdParameters,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityOfPurchase,
  paretoNbdStart,
} from './paretoNbd.ts';
import type { RepeatPurchaseData } from './repeatPurchaseData.ts';

export type ParetoNbdArtifact = ModelArtifact<
  'pareto-nbd',
  ProbabilisticFitParams,
  ParetoNbdParameters & FitReport
>;

const paretoNbdArtifactSchema = z.object({
  kind: z.literal('pareto-nbd'),
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string()),
  params: z.object({ maxIterations: z.number().int().positive(), gradientTolerance: z.number().positive() }),
  state: z.object({
    r: positiveParameter,
    alpha: positiveParameter,
    s: positiveParameter,
    beta: positiveParameter,
    ...fitReportSchema.shape,
  }),
});

/**
 * ₂F₁ terms one likelihood pass of a fit may spend: per customer (a typical customer needs tens) plus
 * a fixed allowance for the few long series (the tₓ = 0 term shared by one-time buyers, heavy buyers).
 * Where one scale dwarfs the other (max(α, β) ≫ min(α, β) + t) the series grow as 1/(1 − z); on data
 * without drop-out the likelihood's optimum lies at s → 0, β → ∞ (the NBD limit) and the fit would
 * walk there for ever, each step dearer. Past the budget a trial point counts as outside the domain:
 * the line search steps back and the fit ends where the likelihood is flat to rounding.
 */
const FIT_TERMS_PER_CUSTOMER = 2_000;
const FIT_TERMS_FIXED = 2_000_000;

/**
 * The Pareto/NBD model of repeat purchases (Schmittlein, Morrison & Colombo 1987), fitted by maximum
 * likelihood (BFGS on log-parameters with the analytic gradient). Same input, units and artifact form
 * as {@link BgNbdModel}: x, tₓ, T and every horizon share one time unit. It differs from BG/NBD in
 * when customers may leave: at any moment (an exponential lifetime), not only just after a purchase.
 *
 * @example
 * const model = new ParetoNbdModel().fit({ x, tx, T });
 * model.conditionalExpectedPurchases(39, { x, tx, T }); // next 39 units, per customer
 */
export class ParetoNbdModel {
  readonly params: ProbabilisticFitParams;
  private fitted: ParetoNbdArtifact | null = null;

  constructor({ maxIterations = 500, gradientTolerance = 1e-9 }: Partial<ProbabilisticFitParams> = {}) {
    this.params = { maxIterations, gradientTolerance };
  }

  fit(data: RepeatPurchaseData): this {
    const n = data.x.length;
    const start = paretoNbdStart(data); // checks the data first
    const groups = historyGroups(data);
    const result = maximizeLogLikelihood(
      (theta, gradient) => {
        try {
          return paretoNbdLogLikelihood(fromLog(theta), groups, {
            gradient,
            seriesBudget: { remainingTerms: FIT_TERMS_FIXED + FIT_TERMS_PER_CUSTOMER * n },
          });
        } catch (error) {
          if (error instanceof RangeError) return Number.NEGATIVE_INFINITY;
          throw error;
        }
      },
      start,
      n,
      this.params,
    );
    const estimates = fromLog(result.theta);
    this.fitted = {
      kind: 'pareto-nbd',
      schemaVersion: 1,
      featureNames: ['x', 'tx', 'T'],
      params: { ...this.params },
      state: {
        ...estimates,
        logLikelihood: paretoNbdLogLikelihood(estimates, groups),
        customers: n,
        iterations: result.iterations,
        converged: result.converged,
      },
    };
    return this;
  }

  /** The fitted r, α, s, β. */
  get parameters(): ParetoNbdParameters {
    const { r, alpha, s, beta } = this.artifact().state;
    return { r, alpha, s, beta };
  }

  /** P(alive) per customer. */
  probabilityAlive(data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => paretoNbdProbabilityAlive(params, x, tx, T));
  }

  /** Expected purchases in the next `t` time units, per customer. */
  conditionalExpectedPurchases(t: number, data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => paretoNbdConditionalExpectedPurchases(params, t, x, tx, T));
  }

  /** P(at least one purchase in the next `t` time units), per customer. */
  probabilityOfPurchase(t: number, data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => paretoNbdProbabilityOfPurchase(params, t, x, tx, T));
  }

  /** E[X(t)]: repeat purchases of a customer in the first `t` time units after the first purchase. */
  expectedPurchasesSinceFirst(t: number): number {
    return paretoNbdConditionalExpectedPurchases(this.parameters, t, 0, 0, 0);
  }

  toJSON(): ParetoNbdArtifact {
    return structuredClone(this.artifact());
  }

  /** Rebuild a fitted model from its artifact (validated: a bad file fails with the field that is wrong). */
  static fromJSON(artifact: unknown): ParetoNbdModel {
    const parsed = parseArtifact(paretoNbdArtifactSchema, artifact, 'pareto-nbd') as ParetoNbdArtifact;
    const model = new ParetoNbdModel(parsed.params);
    model.fitted = parsed;
    return model;
  }

  private artifact(): ParetoNbdArtifact {
    if (!this.fitted)
      throw new Error(
        'ParetoNbdModel is not fitted yet: call fit(data) or ParetoNbdModel.fromJSON(artifact).',
      );
    return this.fitted;
  }
}

function fromLog(theta: Float64Array): ParetoNbdParameters {
  return {
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    s: Math.exp(theta[2]!),
    beta: Math.exp(theta[3]!),
  };
}
