import { createRng } from '../ml/random.ts';
import type { Policy } from './policySchema.ts';
import { type PolicyPopulation, REVENUE_SAMPLE_BITS, REVENUE_SAMPLES, targetMasks } from './population.ts';
import { runDraws } from './runDraws.ts';
import { type DrawSummary, summarizeDraws } from './summarizeDraws.ts';
import { drawUplifts, upliftMean } from './upliftDraws.ts';

export interface SimulationOptions {
  population: PolicyPopulation;
  policies: readonly Policy[];
  /** Monte-Carlo draws (default 10,000). */
  draws?: number;
  seed?: number;
  /** Worker threads (default: both cores). The result does not depend on it. */
  threads?: number;
}

/** What one policy is worth, over the draws. Money in the data's currency. */
export interface PolicyOutcome {
  name: string;
  targeted: number;
  /** actionCost × targeted: spent whatever the outcome. */
  cost: number;
  /** Revenue of the targeted units over the horizon without the action. */
  revenueWithout: DrawSummary;
  /** … and with it (the same draws: paired). */
  revenueWith: DrawSummary;
  incrementalRevenue: DrawSummary;
  /** margin × incremental revenue − cost. */
  incrementalProfit: DrawSummary;
  /** Incremental profit / cost (null when the action costs nothing). */
  roi: DrawSummary | null;
  /** Units kept by the action per draw. */
  unitsKept: DrawSummary;
  /** Share of draws in which the policy makes a profit. */
  probabilityOfProfit: number;
  /** Σ over targeted units of P(lost) × mean revenue if retained: what an uplift of 100 % would bring. */
  revenueAtStake: number;
  /** The mean uplift assumed, and the uplift at which expected profit is zero (null: never pays). */
  assumedUpliftMean: number;
  breakEvenUplift: number | null;
  /** Incremental profit of every draw, for the report's distribution figure. */
  profitDraws: Float64Array;
}

export interface SimulationResult {
  kind: PolicyPopulation['kind'];
  units: number;
  draws: number;
  seed: number;
  horizon: string;
  policies: PolicyOutcome[];
}

/**
 * Monte-Carlo simulation of retention policies side by side: every draw takes one uplift per policy
 * from its assumed distribution, draws each targeted unit's outcome from the model (retained or
 * not, revenue if retained) and compares the same draw with and without the action. Seeded and
 * deterministic: the same seed gives identical output whatever the thread count.
 *
 * @example
 * const result = await simulatePolicies({ population, policies, draws: 10_000, seed: 7 });
 * result.policies[0].incrementalProfit; // { mean, sd, standardError, low, high }
 */
export async function simulatePolicies(options: SimulationOptions): Promise<SimulationResult> {
  const { population, policies, draws = 10_000, seed = 0, threads } = options;
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`draws is ${draws}; give an integer >= 2.`);
  if (population.revenueSamples.length !== population.size * REVENUE_SAMPLES) {
    throw new Error(
      `the population holds ${population.revenueSamples.length} revenue draws; expected ${REVENUE_SAMPLES} per unit.`,
    );
  }
  const masks = targetMasks(population, policies);
  const nPolicies = policies.length;
  // Uplift draws come from their own stream per policy, so adding a policy changes no other's draws.
  const uplifts = new Float64Array(nPolicies * draws);
  policies.forEach((policy, p) => {
    uplifts.set(drawUplifts(policy.uplift, draws, createRng(mixSeed(seed, p + 1))), p * draws);
  });
  const sums = await runDraws(
    {
      retain: population.retainProbability,
      samples: population.revenueSamples,
      masks,
      uplifts,
      nPolicies,
      draws,
      seed: mixSeed(seed, 0),
      sampleBits: REVENUE_SAMPLE_BITS,
      nUnits: population.size,
    },
    threads,
  );
  const stride = nPolicies * draws;
  const outcomes = policies.map((policy, p) => {
    const slice = (statistic: number) =>
      sums.subarray(statistic * stride + p * draws, statistic * stride + (p + 1) * draws);
    return policyOutcome(policy, p, masks, population, slice(0), slice(1), slice(2));
  });
  return {
    kind: population.kind,
    units: population.size,
    draws,
    seed,
    horizon: population.horizon,
    policies: outcomes,
  };
}

function policyOutcome(
  policy: Policy,
  bit: number,
  masks: Uint32Array,
  population: PolicyPopulation,
  incremental: Float64Array,
  baseline: Float64Array,
  kept: Float64Array,
): PolicyOutcome {
  let targeted = 0;
  // Expected revenue at stake: Σ (1 − p_i) · mean revenue if retained, over targeted units.
  let atStake = 0;
  for (let i = 0; i < population.size; i++) {
    if (!((masks[i] >>> bit) & 1)) continue;
    targeted++;
    let mean = 0;
    for (let s = 0; s < REVENUE_SAMPLES; s++) mean += population.revenueSamples[i * REVENUE_SAMPLES + s];
    atStake += (1 - population.retainProbability[i]) * (mean / REVENUE_SAMPLES);
  }
  const cost = policy.actionCost * targeted;
  const profit = incremental.map((revenue) => policy.margin * revenue - cost);
  const withAction = baseline.map((revenue, d) => revenue + incremental[d]);
  let profitable = 0;
  for (const value of profit) if (value > 0) profitable++;
  const breakEven = atStake > 0 ? cost / (policy.margin * atStake) : null;
  return {
    name: policy.name,
    targeted,
    cost,
    revenueWithout: summarizeDraws(baseline),
    revenueWith: summarizeDraws(withAction),
    incrementalRevenue: summarizeDraws(incremental),
    incrementalProfit: summarizeDraws(profit),
    roi: cost > 0 ? summarizeDraws(profit.map((value) => value / cost)) : null,
    unitsKept: summarizeDraws(kept),
    probabilityOfProfit: profitable / profit.length,
    revenueAtStake: atStake,
    assumedUpliftMean: upliftMean(policy.uplift),
    breakEvenUplift: breakEven !== null && breakEven <= 1 ? breakEven : null,
    profitDraws: profit,
  };
}

/** A 32-bit seed for stream `stream` of a run seeded `seed` (murmur3's finaliser). */
export function mixSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(stream + 1, 0x85ebca77)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The result as JSON: every summary, without the raw draws. */
export function resultJson(result: SimulationResult, seconds?: number) {
  return {
    ...result,
    seconds,
    policies: result.policies.map(({ profitDraws: _draws, ...outcome }) => outcome),
  };
}
