import { MAX_POLICIES, type Policy } from './policySchema.ts';

/** Draws kept per unit of its revenue-if-retained distribution (a power of two: the kernel masks bits). */
export const REVENUE_SAMPLE_BITS = 6;
export const REVENUE_SAMPLES = 1 << REVENUE_SAMPLE_BITS;

/**
 * The units a policy can act on, as the simulation sees them: for each unit the probability that it
 * is retained without any action (a customer alive, P(alive) of BG/NBD; a shopper staying past the
 * current page, 1 − churn probability) and `REVENUE_SAMPLES` draws of the revenue it brings over the
 * horizon if retained (from the fitted models' predictive distribution), plus the attributes and
 * segments target rules select on. Plain parallel arrays, one slot per unit.
 */
export interface PolicyPopulation {
  kind: 'customers' | 'sessions';
  size: number;
  retainProbability: Float64Array;
  /** size × REVENUE_SAMPLES, row-major. */
  revenueSamples: Float64Array;
  /** Numeric attributes by name (pAlive, clv, …), each `size` long. */
  attributes: Record<string, Float64Array>;
  /** Segment names and each unit's index into them (customers); absent for sessions. */
  segments?: { names: readonly string[]; codes: Uint8Array };
  /** What one unit's revenue covers, for reports: "the next 180 days", "the rest of the session". */
  horizon: string;
}

/** A policy whose target rule cannot apply to this population; the message says how to fix it. */
export class PolicyTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyTargetError';
  }
}

/**
 * One 32-bit mask per unit: bit p set when policy p targets the unit. Fails on an attribute or
 * segment the population does not have, naming the ones it has.
 */
export function targetMasks(population: PolicyPopulation, policies: readonly Policy[]): Uint32Array {
  if (policies.length > MAX_POLICIES) {
    throw new PolicyTargetError(
      `${policies.length} policies; simulate at most ${MAX_POLICIES} side by side.`,
    );
  }
  const masks = new Uint32Array(population.size);
  policies.forEach((policy, p) => {
    const selected = targetOf(population, policy);
    for (let i = 0; i < population.size; i++) if (selected[i]) masks[i] |= 1 << p;
  });
  return masks;
}

/** 1 where the policy's every condition holds. */
export function targetOf(population: PolicyPopulation, policy: Policy): Uint8Array {
  const selected = new Uint8Array(population.size).fill(1);
  const { segments, where } = policy.target;
  if (segments) {
    if (!population.segments) {
      throw new PolicyTargetError(
        `policy "${policy.name}": target.segments applies to customers only; target ${population.kind} with target.where.`,
      );
    }
    const { names, codes } = population.segments;
    const wanted = new Uint8Array(names.length);
    for (const segment of segments) {
      const code = names.indexOf(segment);
      if (code < 0) {
        throw new PolicyTargetError(
          `policy "${policy.name}": unknown segment "${segment}"; use one of ${names.join(', ')}.`,
        );
      }
      wanted[code] = 1;
    }
    for (let i = 0; i < population.size; i++) if (!wanted[codes[i]]) selected[i] = 0;
  }
  for (const [name, { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY }] of Object.entries(
    where ?? {},
  )) {
    const values = population.attributes[name];
    if (!values) {
      throw new PolicyTargetError(
        `policy "${policy.name}": target.where.${name} is not an attribute of ${population.kind}; use one of ${Object.keys(population.attributes).join(', ')}.`,
      );
    }
    for (let i = 0; i < population.size; i++) if (!(values[i] >= min && values[i] <= max)) selected[i] = 0;
  }
  return selected;
}
