import { describe, expect, it } from 'vitest';
import { averageRetention, cohortMatrices, monthLabel, monthOfDay } from '../../src/segments/cohorts.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Transactions as [customer, ISO date, amount]. */
function log(rows: [number, string, number][]) {
  return {
    customer: Int32Array.from(rows.map((r) => r[0])),
    day: Int32Array.from(rows.map((r) => day(r[1]))),
    amount: Float64Array.from(rows.map((r) => r[2])),
    length: rows.length,
  };
}

describe('cohortMatrices', () => {
  it('counts each customer once per month since the first purchase, with revenue and unobserved cells', () => {
    const matrices = cohortMatrices(
      log([
        [2, '1997-02-14', 5], // customer 2 first: February (given out of order)
        [0, '1997-01-03', 10],
        [0, '1997-01-20', 15], // same month again: counted once, revenue summed
        [1, '1997-01-31', 20],
        [0, '1997-03-02', 7],
        [2, '1997-03-10', 4],
        [1, '1997-03-31', 1],
      ]),
    );
    expect(matrices.cohorts).toEqual(['1997-01', '1997-02']);
    expect(matrices.sizes).toEqual([2, 1]);
    expect(matrices.monthsSince).toEqual([0, 1, 2]);
    expect(matrices.lastMonth).toBe('1997-03');
    expect(Array.from(matrices.retention)).toEqual([1, 0, 1, 1, 1, Number.NaN]);
    expect(Array.from(matrices.revenue)).toEqual([45, 0, 8, 5, 4, Number.NaN]);
    expect(Array.from(matrices.revenuePerCustomer)).toEqual([22.5, 0, 4, 5, 4, Number.NaN]);
    // Month 1: cohort 1997-01 (2 customers, 0 buying) and 1997-02 (1 of 1): 1/3.
    expect(averageRetention(matrices)).toEqual([1, 1 / 3, 1]);
  });

  it('converts days to months across years and rejects an empty log', () => {
    expect(monthLabel(monthOfDay(day('1998-12-31')))).toBe('1998-12');
    expect(monthLabel(monthOfDay(day('1999-01-01')))).toBe('1999-01');
    expect(() => cohortMatrices(log([]))).toThrow(/empty/);
  });
});
