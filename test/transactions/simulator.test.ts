import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeCustomers } from '../../src/customers/index.ts';
import {
  BgNbdModel,
  GammaGammaModel,
  ParetoNbdModel,
  type ParetoNbdParameters,
} from '../../src/ml/clv/index.ts';
import { simulateTransactions } from '../../src/transactions/index.ts';

/** An informative design: weekly shoppers over three years (the CDNOW-like default identifies a and b poorly). */
const design = {
  customers: 10_000,
  bgnbd: { r: 2, alpha: 10, a: 2, b: 6 },
  gammaGamma: { p: 6, q: 10, v: 45 },
  observationDays: 1095,
};

function fitExact(seed: number) {
  const { truth } = simulateTransactions({ ...design, seed });
  return {
    ...new BgNbdModel().fit(truth.exact).parameters,
    ...new GammaGammaModel().fit(truth.exact).parameters,
  };
}

const truthOf = { ...design.bgnbd, ...design.gammaGamma };
type Name = keyof typeof truthOf;

describe('the transaction simulator', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = simulateTransactions({ customers: 500, seed: 3 });
    const b = simulateTransactions({ customers: 500, seed: 3 });
    const c = simulateTransactions({ customers: 500, seed: 4 });
    expect(a.log).toEqual(b.log);
    expect(c.log.amount).not.toEqual(a.log.amount);
  });

  it('keeps every purchase inside the observation window, in cents, with the first one in the acquisition window', () => {
    const { log, params } = simulateTransactions({ customers: 2000, seed: 5 });
    const first = new Map<number, number>();
    let outside = 0;
    let notCents = 0;
    for (let i = 0; i < log.length; i++) {
      if (log.day[i]! < params.startDay || log.day[i]! >= params.startDay + params.observationDays) outside++;
      if (Math.round(log.amount[i]! * 100) / 100 !== log.amount[i]) notCents++;
      const c = log.customer[i]!;
      first.set(c, Math.min(first.get(c) ?? Number.POSITIVE_INFINITY, log.day[i]!));
    }
    expect({ outside, notCents }).toEqual({ outside: 0, notCents: 0 });
    expect(first.size).toBe(2000);
    expect(Math.max(...first.values())).toBeLessThan(params.startDay + params.acquisitionDays);
  });

  it('recovers all seven parameters within 5 % on average over eight replicates of 10,000 customers', () => {
    const replicates = [1, 2, 3, 4, 5, 6, 7, 8].map(fitExact);
    for (const name of Object.keys(truthOf) as Name[]) {
      const mean = replicates.reduce((sum, fit) => sum + fit[name], 0) / replicates.length;
      expect(Math.abs(mean / truthOf[name] - 1), name).toBeLessThan(0.05);
    }
  });

  it('recovers what CLV depends on within 5 % from each single fit of 10,000 customers', () => {
    // Single-fit errors of a, b (and p, v) reach ±10 % at this size: sampling error, see docs/clv.md.
    for (const seed of [11, 12, 13]) {
      const fit = fitExact(seed);
      const close = (value: number, expected: number) =>
        expect(Math.abs(value / expected - 1)).toBeLessThan(0.05);
      close(fit.r / fit.alpha, truthOf.r / truthOf.alpha); // mean purchase rate
      close(fit.a / (fit.a + fit.b), truthOf.a / (truthOf.a + truthOf.b)); // mean drop-out probability
      close((fit.p * fit.v) / (fit.q - 1), (truthOf.p * truthOf.v) / (truthOf.q - 1)); // mean spend
    }
  });

  it('goes through the day-level log and the summary without losing the model (CDNOW-like rates)', () => {
    const { log, params } = simulateTransactions({ customers: 10_000, seed: 21 });
    const summary = summarizeCustomers(log, {
      calibrationEnd: params.startDay + params.observationDays - 1,
      timeUnit: 'weeks',
    });
    const fit = new BgNbdModel().fit(summary).parameters;
    expect(Math.abs(fit.r / fit.alpha / (params.bgnbd.r / params.bgnbd.alpha) - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.r / params.bgnbd.r - 1)).toBeLessThan(0.05);
  });
});

describe('the transaction simulator’s Pareto/NBD path', () => {
  // Weekly shoppers with a mean lifetime of 60 weeks, watched for four years: every parameter is identified.
  const truth = { r: 2, alpha: 10, s: 1.5, beta: 30 };
  let fits: ParetoNbdParameters[] = [];
  beforeAll(() => {
    fits = [1, 2, 3, 4].map(
      (seed) =>
        new ParetoNbdModel().fit(
          simulateTransactions({ customers: 20_000, seed, paretoNbd: truth, observationDays: 1460 }).truth
            .exact,
        ).parameters,
    );
  });

  it('recovers r, α, s, β within 5 % on average over four replicates of 20,000 customers', () => {
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      const mean = fits.reduce((sum, fit) => sum + fit[name], 0) / fits.length;
      expect(Math.abs(mean / truth[name] - 1), name).toBeLessThan(0.05);
    }
  });

  it('recovers the mean purchase and drop-out rates within 5 % from each single fit', () => {
    for (const fit of fits) {
      expect(Math.abs(fit.r / fit.alpha / (truth.r / truth.alpha) - 1)).toBeLessThan(0.05);
      expect(Math.abs(fit.s / fit.beta / (truth.s / truth.beta) - 1)).toBeLessThan(0.05);
    }
  });

  it('ends purchases at the drawn lifetime and leaves the BG/NBD draws untouched', () => {
    const { truth: drawn, log } = simulateTransactions({ customers: 2000, seed: 5, paretoNbd: truth });
    let afterDeath = 0;
    for (let i = 0; i < log.length; i++) {
      const death = drawn.dropoutDay[log.customer[i]!]!;
      if (death >= 0 && log.day[i]! > death) afterDeath++;
    }
    expect(afterDeath).toBe(0);
    expect(drawn.dropoutRate.every((mu) => mu > 0)).toBe(true);
    expect(drawn.dropoutProbability.every((p) => p === 0)).toBe(true);
    const bg = simulateTransactions({ customers: 200, seed: 3 });
    expect(bg.truth.dropoutRate.every((mu) => mu === 0)).toBe(true);
  });
});
