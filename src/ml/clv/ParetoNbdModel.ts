import { parseArtifact } from '../inference/parseArtifact.ts';
import type { ProbabilisticFitParams } from './fitReport.ts';
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
import {
  type RepeatPurchaseArtifact,
  type RepeatPurchaseFormulas,
  RepeatPurchaseModel,
  repeatPurchaseArtifactSchema,
} from './RepeatPurchaseModel.ts';
import type { RepeatPurchaseData } from './repeatPurchaseData.ts';

export type ParetoNbdArtifact = RepeatPurchaseArtifact<'pareto-nbd', ParetoNbdParameters>;

const paretoNbdArtifactSchema = repeatPurchaseArtifactSchema('pareto-nbd', ['r', 'alpha', 's', 'beta']);

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
export class ParetoNbdModel extends RepeatPurchaseModel<'pareto-nbd', ParetoNbdParameters> {
  constructor(params: Partial<ProbabilisticFitParams> = {}) {
    super(PARETO_NBD_FORMULAS, params);
  }

  fit(data: RepeatPurchaseData): this {
    const n = data.x.length;
    const start = paretoNbdStart(data); // checks the data first
    const groups = historyGroups(data);
    const result = maximizeLogLikelihood(
      (theta, gradient) => {
        try {
          return paretoNbdLogLikelihood(this.fromLog(theta), groups, {
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
    const estimates = this.fromLog(result.theta);
    this.recordFit(estimates, {
      logLikelihood: paretoNbdLogLikelihood(estimates, groups),
      customers: n,
      result,
    });
    return this;
  }

  /** P(at least one purchase in the next `t` time units), per customer. */
  probabilityOfPurchase(t: number, data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    return perCustomer(data, (x, tx, T) => paretoNbdProbabilityOfPurchase(params, t, x, tx, T));
  }

  /** Rebuild a fitted model from its artifact (validated: a bad file fails with the field that is wrong). */
  static fromJSON(artifact: unknown): ParetoNbdModel {
    const parsed = parseArtifact(paretoNbdArtifactSchema, artifact, 'pareto-nbd') as ParetoNbdArtifact;
    return new ParetoNbdModel(parsed.params).adopt(parsed);
  }
}

const PARETO_NBD_FORMULAS: RepeatPurchaseFormulas<'pareto-nbd', ParetoNbdParameters> = {
  kind: 'pareto-nbd',
  className: 'ParetoNbdModel',
  parameterNames: ['r', 'alpha', 's', 'beta'],
  probabilityAlive: paretoNbdProbabilityAlive,
  conditionalExpectedPurchases: paretoNbdConditionalExpectedPurchases,
};
