import { z } from 'zod';
import type { ModelArtifact } from '../estimator.ts';
import {
  type FitReport,
  fitReportSchema,
  type ProbabilisticFitParams,
  positiveParameter,
} from './fitReport.ts';
import { perCustomer } from './maximumLikelihood.ts';
import type { BfgsResult } from './minimizeBfgs.ts';
import type { RepeatPurchaseData } from './repeatPurchaseData.ts';

/** The four positive parameters of a repeat-purchase model, by name (r, α, a, b or r, α, s, β). */
export type RepeatPurchaseParameters<P> = { [name in keyof P]: number };

export type RepeatPurchaseArtifact<K extends string, P extends RepeatPurchaseParameters<P>> = ModelArtifact<
  K,
  ProbabilisticFitParams,
  P & FitReport
>;

/** The zod schema of a repeat-purchase artifact of `kind` with these four positive parameters. */
export function repeatPurchaseArtifactSchema(kind: string, parameterNames: readonly string[]) {
  return z.object({
    kind: z.literal(kind),
    schemaVersion: z.literal(1),
    featureNames: z.array(z.string()),
    params: z.object({
      maxIterations: z.number().int().positive(),
      gradientTolerance: z.number().positive(),
    }),
    state: z.object({
      ...Object.fromEntries(parameterNames.map((name) => [name, positiveParameter])),
      ...fitReportSchema.shape,
    }),
  });
}

/** What sets one repeat-purchase model apart: its name, parameters and closed forms for one customer. */
export interface RepeatPurchaseFormulas<K extends string, P extends RepeatPurchaseParameters<P>> {
  kind: K;
  /** The class name, for the not-fitted error. */
  className: string;
  /** The parameters in the optimiser's order (it works on their logs). */
  parameterNames: readonly (keyof P & string)[];
  probabilityAlive(params: P, x: number, tx: number, T: number): number;
  conditionalExpectedPurchases(params: P, t: number, x: number, tx: number, T: number): number;
}

/**
 * The shared half of BG/NBD and Pareto/NBD: the fitted artifact, its parameters, the per-customer
 * predictions and the JSON round trip. A subclass brings its formulas and its fit (each likelihood
 * has its own bookkeeping: frequency levels, history groups, a series budget).
 */
export abstract class RepeatPurchaseModel<K extends string, P extends RepeatPurchaseParameters<P>> {
  readonly params: ProbabilisticFitParams;
  private fitted: RepeatPurchaseArtifact<K, P> | null = null;

  constructor(
    private readonly formulas: RepeatPurchaseFormulas<K, P>,
    { maxIterations = 500, gradientTolerance = 1e-9 }: Partial<ProbabilisticFitParams> = {},
  ) {
    this.params = { maxIterations, gradientTolerance };
  }

  abstract fit(data: RepeatPurchaseData): this;

  /** The fitted parameters. */
  get parameters(): P {
    const state = this.artifact().state;
    const params = {} as Record<string, number>;
    for (const name of this.formulas.parameterNames) params[name] = state[name] as number;
    return params as P;
  }

  /** P(alive) per customer. */
  probabilityAlive(data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    const { probabilityAlive } = this.formulas;
    return perCustomer(data, (x, tx, T) => probabilityAlive(params, x, tx, T));
  }

  /** Expected purchases in the next `t` time units, per customer. */
  conditionalExpectedPurchases(t: number, data: RepeatPurchaseData): Float64Array {
    const params = this.parameters;
    const { conditionalExpectedPurchases } = this.formulas;
    return perCustomer(data, (x, tx, T) => conditionalExpectedPurchases(params, t, x, tx, T));
  }

  /** E[X(t)]: repeat purchases of a customer in the first `t` time units after the first purchase. */
  expectedPurchasesSinceFirst(t: number): number {
    return this.formulas.conditionalExpectedPurchases(this.parameters, t, 0, 0, 0);
  }

  toJSON(): RepeatPurchaseArtifact<K, P> {
    return structuredClone(this.artifact());
  }

  /** The parameters at the optimiser's point `theta` (their logs, in `parameterNames` order). */
  protected fromLog(theta: Float64Array): P {
    const params = {} as Record<string, number>;
    this.formulas.parameterNames.forEach((name, j) => {
      params[name] = Math.exp(theta[j]!);
    });
    return params as P;
  }

  /** Record a finished fit as this model's artifact. */
  protected recordFit(
    estimates: P,
    fit: { logLikelihood: number; customers: number; result: BfgsResult },
  ): void {
    this.fitted = {
      kind: this.formulas.kind,
      schemaVersion: 1,
      featureNames: ['x', 'tx', 'T'],
      params: { ...this.params },
      state: {
        ...estimates,
        logLikelihood: fit.logLikelihood,
        customers: fit.customers,
        iterations: fit.result.iterations,
        converged: fit.result.converged,
      },
    };
  }

  /** Adopt an artifact that the subclass's schema validated (its `fromJSON`). */
  protected adopt(artifact: RepeatPurchaseArtifact<K, P>): this {
    this.fitted = artifact;
    return this;
  }

  private artifact(): RepeatPurchaseArtifact<K, P> {
    if (!this.fitted) {
      const name = this.formulas.className;
      throw new Error(`${name} is not fitted yet: call fit(data) or ${name}.fromJSON(artifact).`);
    }
    return this.fitted;
  }
}
