/**
 * Stable partitions of one node's range `[start, end)` by a split: rows whose bin in `column` is at
 * most `bin` go left, keeping their order, then the right rows. The node-ordered channels (`o0`,
 * `o1`: the rows' gradient and hessian, or weight and weighted target) move with their row ids.
 * Branch-free: every value is written to both sides and only one side's cursor moves on, because a
 * random left/right branch mispredicts half the time.
 */

/** Room for the right-hand rows and channels of a partition (as long as the largest range). */
export interface PartitionScratch {
  rows: Int32Array;
  channel0: Float64Array;
  channel1: Float64Array;
}

/** A split applied to one node's range of `rows` and channel 0: rows whose bin in `column` is ≤ `bin` go left. */
export interface OneChannelPartitionJob {
  rows: Int32Array;
  o0: Float64Array;
  column: Uint8Array;
  bin: number;
  start: number;
  end: number;
  scratch: Omit<PartitionScratch, 'channel1'>;
}

/** The same with both channels. */
export interface PartitionJob extends OneChannelPartitionJob {
  o1: Float64Array;
  scratch: PartitionScratch;
}

/**
 * One thread: partition `rows`, `o0` and `o1` in place. Returns the split point.
 *
 * @example
 * const mid = partitionRowsAndChannels({ rows, o0: g, o1: h, column: data.bins[f], bin, start, end, scratch });
 */
export function partitionRowsAndChannels(job: PartitionJob): number {
  // Destructured once: the loop below reads locals only.
  const { rows, o0, o1, column, bin, start, end } = job;
  const { rows: rightRows, channel0: right0, channel1: right1 } = job.scratch;
  let write = start;
  let spilled = 0;
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const v0 = o0[k];
    const v1 = o1[k];
    const goesLeft = (column[row] - bin - 1) >>> 31; // 1 when the row's bin ≤ bin
    rows[write] = row;
    o0[write] = v0;
    o1[write] = v1;
    rightRows[spilled] = row;
    right0[spilled] = v0;
    right1[spilled] = v1;
    write += goesLeft;
    spilled += 1 - goesLeft;
  }
  rows.set(rightRows.subarray(0, spilled), write);
  o0.set(right0.subarray(0, spilled), write);
  o1.set(right1.subarray(0, spilled), write);
  return write;
}

/**
 * `partitionRowsAndChannels` for quantised boosting, where only channel 0 carries data (channel 1
 * stays zero and need not move).
 */
export function partitionRowsAndChannel(job: OneChannelPartitionJob): number {
  // Destructured once: the loop below reads locals only.
  const { rows, o0, column, bin, start, end } = job;
  const { rows: rightRows, channel0: right0 } = job.scratch;
  let write = start;
  let spilled = 0;
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const v0 = o0[k];
    const goesLeft = (column[row] - bin - 1) >>> 31;
    rows[write] = row;
    o0[write] = v0;
    rightRows[spilled] = row;
    right0[spilled] = v0;
    write += goesLeft;
    spilled += 1 - goesLeft;
  }
  rows.set(rightRows.subarray(0, spilled), write);
  o0.set(right0.subarray(0, spilled), write);
  return write;
}

/** What `swapAdjacentBlocks` needs of a typed array. */
interface Movable<T> {
  subarray(begin: number, end: number): T;
  set(source: T, offset: number): void;
  copyWithin(target: number, start: number, end: number): unknown;
}

/**
 * Swap the adjacent blocks `[from, mid)` and `[mid, to)` of `a` with native copies (`scratch` holds
 * the first). Joining two stably partitioned halves [A.left A.right | B.left B.right] this way gives
 * [A.left B.left | A.right B.right]: the stable partition of the whole range, so two threads can
 * each partition one half.
 */
export function swapAdjacentBlocks<T extends Movable<T>>(
  a: T,
  scratch: T,
  from: number,
  mid: number,
  to: number,
): void {
  if (from === mid || mid === to) return;
  scratch.set(a.subarray(from, mid), 0);
  a.copyWithin(from, mid, to);
  a.set(scratch.subarray(0, mid - from), from + (to - mid));
}
