export { type CustomerPopulationOptions, customerPopulation } from './customerPopulation.ts';
export { type DrawKernelJob, runDrawKernel } from './drawKernel.ts';
export {
  MAX_POLICIES,
  type Policy,
  policiesSchema,
  policiesSchemaFor,
  policySchema,
  rangeSchema,
  type TargetRule,
  targetRuleSchema,
  type UpliftAssumption,
  upliftSchema,
} from './policySchema.ts';
export {
  type PolicyPopulation,
  PolicyTargetError,
  REVENUE_SAMPLE_BITS,
  REVENUE_SAMPLES,
  targetMasks,
  targetOf,
} from './population.ts';
export { defaultThreads, runDraws } from './runDraws.ts';
export {
  mixSeed,
  type PolicyOutcome,
  resultJson,
  type SimulationOptions,
  type SimulationResult,
  simulatePolicies,
} from './simulatePolicies.ts';
export { type DrawSummary, quantile, summarizeDraws } from './summarizeDraws.ts';
export { UPLIFT_DISCLAIMER } from './upliftDisclaimer.ts';
export { drawUplifts, upliftMean } from './upliftDraws.ts';
