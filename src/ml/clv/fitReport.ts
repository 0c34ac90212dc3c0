import { z } from 'zod';

/** Hyperparameters of the maximum-likelihood fits (BFGS). */
export interface ProbabilisticFitParams {
  /** BFGS iteration cap. Default 500. */
  maxIterations: number;
  /** Stop when every |∂(mean −ℓ)/∂ ln θ| is below this. Default 1e-9. */
  gradientTolerance: number;
}

/** What a maximum-likelihood fit reports beside its parameters. */
export interface FitReport {
  /** The maximised log-likelihood, summed over the customers fitted. */
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

export const positiveParameter = z.number().positive().finite();

export const fitReportSchema = z.object({
  logLikelihood: z.number().finite(),
  customers: z.number().int().nonnegative(),
  iterations: z.number().int().nonnegative(),
  converged: z.boolean(),
});
