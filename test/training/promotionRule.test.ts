import { describe, expect, it } from 'vitest';
import { PromotionRuleSchema } from '../../src/training/config.ts';
import { decidePromotion } from '../../src/training/promotion/index.ts';

const churnRule = PromotionRuleSchema.parse({
  main: { metric: 'rocAuc', direction: 'higher', margin: 0.002 },
  guards: [{ metric: 'logLoss', direction: 'lower', tolerance: 0.005 }],
});
const valueRule = PromotionRuleSchema.parse({
  main: { metric: 'tweedieDeviance', direction: 'lower', relative: true, margin: 0.01 },
  guards: [{ metric: 'calibrationError', direction: 'lower', tolerance: 0.05 }],
});

describe('the promotion rule', () => {
  it('promotes a candidate better by at least the margin with guards in tolerance', () => {
    const verdict = decidePromotion(
      churnRule,
      { rocAuc: 0.81, logLoss: 0.402 },
      { rocAuc: 0.8, logLoss: 0.4 },
    );
    expect(verdict.promote).toBe(true);
    expect(verdict.guards).toEqual([
      { metric: 'logLoss', candidate: 0.402, production: 0.4, tolerance: 0.005, passed: true },
    ]);
  });

  it('keeps production when the candidate is better by less than the margin', () => {
    const verdict = decidePromotion(
      churnRule,
      { rocAuc: 0.801, logLoss: 0.3 },
      { rocAuc: 0.8, logLoss: 0.4 },
    );
    expect(verdict.promote).toBe(false);
    expect(verdict.reason).toMatch(/not better by the margin: rocAuc 0.8 → 0.801/);
  });

  it('keeps production when the candidate is worse', () => {
    expect(
      decidePromotion(churnRule, { rocAuc: 0.7, logLoss: 0.4 }, { rocAuc: 0.8, logLoss: 0.4 }).promote,
    ).toBe(false);
  });

  it('keeps production when a guard metric is worse beyond its tolerance', () => {
    const verdict = decidePromotion(churnRule, { rocAuc: 0.85, logLoss: 0.5 }, { rocAuc: 0.8, logLoss: 0.4 });
    expect(verdict.promote).toBe(false);
    expect(verdict.reason).toMatch(/worse beyond tolerance on logLoss 0.4 → 0.5/);
    expect(verdict.guards[0].passed).toBe(false);
  });

  it('resolves a relative margin against the production score of a lower-is-better metric', () => {
    const production = { tweedieDeviance: 10, calibrationError: 0.02 };
    const enough = decidePromotion(valueRule, { tweedieDeviance: 9.89, calibrationError: 0.03 }, production);
    expect(enough.requiredMargin).toBeCloseTo(0.1, 12);
    expect(enough.promote).toBe(true);
    expect(
      decidePromotion(valueRule, { tweedieDeviance: 9.95, calibrationError: 0.02 }, production).promote,
    ).toBe(false);
  });

  it('never promotes on a score that could not be computed', () => {
    const verdict = decidePromotion(
      churnRule,
      { rocAuc: Number.NaN, logLoss: 0.4 },
      { rocAuc: 0.8, logLoss: 0.4 },
    );
    expect(verdict.promote).toBe(false);
    expect(verdict.reason).toMatch(/could not be computed/);
  });
});
