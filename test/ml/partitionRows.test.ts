import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  partitionRowsAndChannel,
  partitionRowsAndChannels,
  swapAdjacentBlocks,
} from '../../src/ml/histogram/partitionRows.ts';

describe('row partition', () => {
  it('is stable: left rows (bin ≤ split) in order, then right rows, channels moved with them', () => {
    const column = Uint8Array.from([5, 1, 9, 3, 3, 7]);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const o0 = Float64Array.from([10, 11, 12, 13, 14, 15]);
    const o1 = Float64Array.from([20, 21, 22, 23, 24, 25]);
    const scratch = { rows: new Int32Array(6), channel0: new Float64Array(6), channel1: new Float64Array(6) };
    const mid = partitionRowsAndChannels({ rows, o0, o1, column, bin: 4, start: 1, end: 6, scratch });
    expect(mid).toBe(4);
    expect(Array.from(rows)).toEqual([0, 1, 3, 4, 2, 5]);
    expect(Array.from(o0)).toEqual([10, 11, 13, 14, 12, 15]);
    expect(Array.from(o1)).toEqual([20, 21, 23, 24, 22, 25]);
  });

  it('matches a filter-based stable partition on any node range and split', () => {
    const node = fc.record({
      bins: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 200 }),
      splitBin: fc.integer({ min: 0, max: 255 }),
      margin: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(node, ({ bins, splitBin, margin }) => {
        const n = bins.length;
        const column = Uint8Array.from(bins);
        const rows = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n); // scrambled row ids
        const start = Math.min(margin, n - 1);
        const end = Math.max(start + 1, n - margin);
        const o0 = Float64Array.from(rows, (r) => r + 0.25);
        const o1 = Float64Array.from(rows, (r) => -r - 0.5);
        const node = Array.from(rows.subarray(start, end));
        const expected = [
          ...node.filter((r) => column[r] <= splitBin),
          ...node.filter((r) => column[r] > splitBin),
        ];
        const scratch = {
          rows: new Int32Array(n),
          channel0: new Float64Array(n),
          channel1: new Float64Array(n),
        };
        const outside = [...rows.subarray(0, start), ...rows.subarray(end)];
        const mid = partitionRowsAndChannels({ rows, o0, o1, column, bin: splitBin, start, end, scratch });
        expect(Array.from(rows.subarray(start, end))).toEqual(expected);
        expect([...rows.subarray(0, start), ...rows.subarray(end)]).toEqual(outside);
        expect(mid - start).toBe(node.filter((r) => column[r] <= splitBin).length);
        for (let k = 0; k < n; k++) {
          expect(o0[k]).toBe(rows[k] + 0.25);
          expect(o1[k]).toBe(-rows[k] - 0.5);
        }
      }),
    );
  });

  it('joins two separately partitioned halves into the partition of the whole range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 300 }),
        fc.integer({ min: 0, max: 255 }),
        (bins, splitBin) => {
          const n = bins.length;
          const column = Uint8Array.from(bins);
          const whole = Int32Array.from({ length: n }, (_, i) => (i * 7919) % n);
          const halves = whole.slice();
          const channelWhole = Float64Array.from(whole, (r) => r + 0.5);
          const channelHalves = channelWhole.slice();
          const scratch = () => ({ rows: new Int32Array(n), channel0: new Float64Array(n) });
          const split = { column, bin: splitBin };
          const mid = partitionRowsAndChannel({
            ...split,
            rows: whole,
            o0: channelWhole,
            start: 0,
            end: n,
            scratch: scratch(),
          });
          const half = n >> 1;
          const partitionHalf = (start: number, end: number) =>
            partitionRowsAndChannel({
              ...split,
              rows: halves,
              o0: channelHalves,
              start,
              end,
              scratch: scratch(),
            });
          const midA = partitionHalf(0, half);
          const midB = partitionHalf(half, n);
          const { rows: rowScratch, channel0: channelScratch } = scratch();
          swapAdjacentBlocks(halves, rowScratch, midA, half, midB);
          swapAdjacentBlocks(channelHalves, channelScratch, midA, half, midB);
          expect(midA + (midB - half)).toBe(mid);
          expect(Array.from(halves)).toEqual(Array.from(whole));
          expect(Array.from(channelHalves)).toEqual(Array.from(channelWhole));
        },
      ),
    );
  });
});
