import { describe, expect, it } from 'vitest';
import {
  type Policy,
  policiesSchema,
  REVENUE_SAMPLES,
  simulatePolicies,
  targetOf,
} from '../../src/policies/index.ts';
import { syntheticPopulation } from './syntheticPopulation.ts';

const WIN_BACK: Policy = {
  name: 'win back',
  target: { segments: ['churn-risk'], where: { pAlive: { max: 0.6 } } },
  actionCost: 3,
  uplift: { distribution: 'beta', mean: 0.1, sd: 0.03 },
  margin: 0.3,
};
const EVERYONE: Policy = {
  name: 'everyone',
  target: {},
  actionCost: 1,
  uplift: { distribution: 'uniform', min: 0.02, max: 0.08 },
  margin: 0.3,
};
const PROTECT: Policy = {
  name: 'protect high value',
  target: { segments: ['high-value'], where: { clv: { min: 50 } } },
  actionCost: 5,
  uplift: { distribution: 'triangular', min: 0, mode: 0.05, max: 0.2 },
  margin: 0.4,
};

/** Σ over targeted units of (1 − p) · mean revenue if retained: the revenue at stake. */
function revenueAtStake(population: ReturnType<typeof syntheticPopulation>, policy: Policy): number {
  const selected = targetOf(population, policy);
  let total = 0;
  for (let i = 0; i < population.size; i++) {
    if (!selected[i]) continue;
    let mean = 0;
    for (let s = 0; s < REVENUE_SAMPLES; s++) mean += population.revenueSamples[i * REVENUE_SAMPLES + s];
    total += (1 - population.retainProbability[i]) * (mean / REVENUE_SAMPLES);
  }
  return total;
}

describe('simulatePolicies', () => {
  const population = syntheticPopulation(6000, 3);

  it('gives identical output for the same seed, whatever the thread count, and other draws for another seed', async () => {
    // 10,000 units: three chunks, so two threads really split the work.
    const population = syntheticPopulation(10_000, 4);
    const policies = [WIN_BACK, EVERYONE];
    const inline = await simulatePolicies({ population, policies, draws: 1000, seed: 42, threads: 1 });
    const threaded = await simulatePolicies({ population, policies, draws: 1000, seed: 42, threads: 2 });
    const again = await simulatePolicies({ population, policies, draws: 1000, seed: 42, threads: 2 });
    expect(threaded.policies[0].profitDraws).toEqual(inline.policies[0].profitDraws);
    expect(JSON.stringify(again)).toBe(JSON.stringify(threaded));
    const other = await simulatePolicies({ population, policies, draws: 1000, seed: 43, threads: 2 });
    expect(other.policies[0].profitDraws).not.toEqual(threaded.policies[0].profitDraws);
    expect(
      Math.abs(other.policies[0].incrementalRevenue.mean - threaded.policies[0].incrementalRevenue.mean),
    ).toBeLessThan(4 * threaded.policies[0].incrementalRevenue.sd);
  });

  it('keeps the standard error under 1 % of the mean at 10,000 draws and agrees with the expectation', async () => {
    const result = await simulatePolicies({
      population,
      policies: [WIN_BACK, EVERYONE, PROTECT],
      draws: 10_000,
      seed: 1,
    });
    for (const [p, policy] of [WIN_BACK, EVERYONE, PROTECT].entries()) {
      const outcome = result.policies[p];
      expect(outcome.incrementalRevenue.standardError).toBeLessThan(0.01 * outcome.incrementalRevenue.mean);
      expect(outcome.revenueWithout.standardError).toBeLessThan(0.01 * outcome.revenueWithout.mean);
      // E[incremental] = E[uplift] · revenue at stake (the kernel's draws are unbiased).
      const expected = outcome.assumedUpliftMean * revenueAtStake(population, policy);
      expect(Math.abs(outcome.incrementalRevenue.mean - expected)).toBeLessThan(
        4 * outcome.incrementalRevenue.standardError,
      );
      expect(outcome.incrementalRevenue.low).toBeLessThan(outcome.incrementalRevenue.mean);
      expect(outcome.incrementalRevenue.high).toBeGreaterThan(outcome.incrementalRevenue.mean);
      expect(outcome.revenueWith.mean).toBeCloseTo(
        outcome.revenueWithout.mean + outcome.incrementalRevenue.mean,
        6,
      );
      expect(outcome.incrementalProfit.mean).toBeCloseTo(
        policy.margin * outcome.incrementalRevenue.mean - outcome.cost,
        6,
      );
    }
  });

  it('breaks even at the break-even uplift, and an action that keeps no one earns nothing', async () => {
    const first = await simulatePolicies({ population, policies: [WIN_BACK], draws: 2000, seed: 5 });
    const breakEven = first.policies[0].breakEvenUplift!;
    expect(breakEven).toBeGreaterThan(0);
    expect(breakEven).toBeCloseTo(
      (WIN_BACK.actionCost * first.policies[0].targeted) /
        (WIN_BACK.margin * revenueAtStake(population, WIN_BACK)),
      10,
    );
    const atBreakEven: Policy = { ...WIN_BACK, uplift: { distribution: 'fixed', value: breakEven } };
    const none: Policy = { ...EVERYONE, name: 'no effect', uplift: { distribution: 'fixed', value: 0 } };
    const result = await simulatePolicies({
      population,
      policies: [atBreakEven, none],
      draws: 4000,
      seed: 6,
    });
    const profit = result.policies[0].incrementalProfit;
    expect(Math.abs(profit.mean)).toBeLessThan(4 * profit.standardError);
    expect(result.policies[1].incrementalRevenue.high).toBe(0);
    expect(result.policies[1].incrementalProfit.mean).toBe(-result.policies[1].cost);
    expect(result.policies[1].probabilityOfProfit).toBe(0);
  });

  it('rejects targets the population does not have, and malformed policies, with one sentence', async () => {
    const bad = (target: Policy['target']) =>
      simulatePolicies({ population, policies: [{ ...WIN_BACK, target }], draws: 10 });
    await expect(bad({ segments: ['vip'] })).rejects.toThrow(
      /unknown segment "vip"; use one of high-value, churn-risk, other/,
    );
    await expect(bad({ where: { spend: { min: 1 } } })).rejects.toThrow(
      /target.where.spend is not an attribute of customers; use one of pAlive, clv/,
    );
    const parsed = policiesSchema.safeParse([
      { ...WIN_BACK, uplift: { distribution: 'beta', mean: 0.5, sd: 0.6 } },
    ]);
    expect(parsed.success).toBe(false);
    expect(policiesSchema.safeParse([WIN_BACK, WIN_BACK]).success).toBe(false);
    expect(policiesSchema.safeParse([{ ...WIN_BACK, margin: 0 }]).success).toBe(false);
  });
});
