import { describe, expect, it } from 'vitest';
import { throttle } from '../../src/api/throttle.ts';

describe('throttle (the rate-limited "flush failed" log)', () => {
  it('reports once per interval and counts the calls it swallowed in the next report', () => {
    let now = 0;
    const reports: [number, string][] = [];
    const log = throttle(
      10_000,
      (suppressed, what: string) => reports.push([suppressed, what]),
      () => now,
    );
    // A full disk: a failed flush every 50 ms for 25 s is 500 calls.
    for (let i = 0; i < 500; i++, now += 50) log(`flush ${i}`);
    expect(reports).toEqual([
      [0, 'flush 0'],
      [199, 'flush 200'],
      [199, 'flush 400'],
    ]);
  });
});
