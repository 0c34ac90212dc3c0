import { describe, expect, it } from 'vitest';
import { buildTargets, customerTimelines, summarizeCustomers } from '../../src/customers/index.ts';
import { dayNumber, TransactionLogBuilder } from '../../src/transactions/index.ts';

const start = dayNumber(2024, 1, 1);
const cutOff = start + 100;

/** a: first on day 0, twice on day 10 (merged), day 50, day 100 (the cut-off), day 130 (after). b: only after the cut-off. c: once on day 95. */
function exampleLog() {
  const builder = new TransactionLogBuilder();
  builder.add('a', start + 50, 30);
  builder.add('a', start, 10);
  builder.add('a', start + 10, 5);
  builder.add('b', start + 120, 99);
  builder.add('a', start + 10, 15);
  builder.add('c', start + 95, 7);
  builder.add('a', start + 100, 40);
  builder.add('a', start + 130, 60);
  builder.add('a', start + 300, 1);
  return builder.build();
}

describe('customer summary at a cut-off', () => {
  const log = exampleLog();
  const timelines = customerTimelines(log);
  const summary = summarizeCustomers(log, { calibrationEnd: cutOff, timeUnit: 'days', timelines });

  it('merges same-day purchases and sorts each customer by date', () => {
    expect(
      [...timelines.day.subarray(timelines.offsets[0]!, timelines.offsets[1]!)].map((d) => d - start),
    ).toEqual([0, 10, 50, 100, 130, 300]);
    expect([...timelines.amount.subarray(0, 4)]).toEqual([10, 20, 30, 40]);
  });

  it('keeps customers born by the cut-off, the cut-off day included, with x, tx, T and zbar', () => {
    expect(summary.customerIds).toEqual(['a', 'c']);
    expect([...summary.x]).toEqual([3, 0]);
    expect([...summary.tx]).toEqual([100, 0]);
    expect([...summary.T]).toEqual([100, 5]);
    expect(summary.zbar[0]).toBeCloseTo((20 + 30 + 40) / 3, 12);
    expect(summary.zbar[1]).toBe(0);
  });

  it('measures tx and T in weeks when asked', () => {
    const weekly = summarizeCustomers(log, { calibrationEnd: cutOff, timeUnit: 'weeks' });
    expect(weekly.T[0]).toBeCloseTo(100 / 7, 12);
    expect(weekly.tx[0]).toBeCloseTo(100 / 7, 12);
  });

  it('computes RFM, window and gap features in days', () => {
    const f = summary.features;
    expect(f.recencyDays[0]).toBe(0);
    expect(f.recencyDays[1]).toBe(5);
    expect(f.totalSpend[0]).toBe(100);
    expect(f.firstSpend[0]).toBe(10);
    expect(f.lastSpend[0]).toBe(40);
    expect(f.maxSpend[0]).toBe(40);
    expect(f.purchases30d[0]).toBe(1); // day 100 only: the window holds the cut-off and the 29 days before
    expect(f.purchases90d[0]).toBe(2); // days 50 and 100; day 10 is 90 days back, just outside
    expect(f.spend180d[0]).toBe(100);
    expect(f.interPurchaseMeanDays[0]).toBeCloseTo(100 / 3, 12);
    expect(f.lastGapDays[0]).toBe(50);
    expect(f.interPurchaseMeanDays[1]).toBeNaN();
  });
});

describe('targets after the cut-off', () => {
  const log = exampleLog();
  const timelines = customerTimelines(log);
  const summary = summarizeCustomers(log, { calibrationEnd: cutOff, timeUnit: 'days', timelines });

  it('counts purchases and spend in the horizon and buckets six-month spend', () => {
    const targets = buildTargets(summary, timelines, start + 400, {
      horizonDays: 30,
      bucketHorizonDays: 200,
      bucketEdges: [0, 50],
    });
    expect([...targets.purchased]).toEqual([1, 0]);
    expect([...targets.spend]).toEqual([60, 0]);
    expect([...targets.purchases]).toEqual([1, 0]);
    expect([...targets.bucketSpend]).toEqual([61, 0]);
    expect(targets.bucketLabels).toEqual(['0', '(0, 50]', '> 50']);
    expect([...targets.bucket]).toEqual([2, 0]);
    expect(targets.horizonComplete && targets.bucketHorizonComplete).toBe(true);
  });

  it('says when the log ends before a window does, and refuses bad configurations', () => {
    const targets = buildTargets(summary, timelines, start + 150, {
      horizonDays: 30,
      bucketHorizonDays: 182,
      bucketEdges: [0],
    });
    expect(targets.horizonComplete).toBe(true);
    expect(targets.bucketHorizonComplete).toBe(false);
    expect(() =>
      buildTargets(summary, timelines, start, { horizonDays: 0, bucketHorizonDays: 1, bucketEdges: [0] }),
    ).toThrow(/whole days > 0/);
    expect(() =>
      buildTargets(summary, timelines, start, { horizonDays: 1, bucketHorizonDays: 1, bucketEdges: [5, 1] }),
    ).toThrow(/start at 0 and increase/);
  });
});
