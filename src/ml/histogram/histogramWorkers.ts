import type { Worker } from 'node:worker_threads';
import type { BoostingLoss, BoostingRows } from '../boosting/losses.ts';
import { lossHalf } from '../boosting/losses.ts';
import { startThread } from '../startThread.ts';
import type { BinnedMatrix } from './binning.ts';
import {
  accumulateHistograms,
  clearHistograms,
  FEATURE_STRIDE,
  HistogramArena,
  subtractHistograms,
} from './histogram.ts';
import { CONTROL, GRADIENT_RANGES, type HistogramWorkerData } from './histogramWorkerProtocol.ts';
import { accumulatePackedChannels, FEATURES_PER_GROUP, type QuantizedSums } from './packedHistogram.ts';
import { type PartitionScratch, swapAdjacentBlocks } from './partitionRows.ts';
import {
  decodeQuantizedFeatures,
  type GradientQuantization,
  halfSeed,
  quantizeRows,
} from './quantizedGradients.ts';

/** A job taking longer than this means the worker is gone: the main thread takes its share over. */
const JOB_TIMEOUT_MS = 120_000;

/**
 * Polls of a shared word (a few nanoseconds each) before either thread sleeps on it: about 50 µs,
 * longer than the gap between two nodes' jobs, shorter than the gap between two trees.
 */
const SPIN_ITERATIONS = 20_000;

/** How long to wait for the worker to start before carrying on single-threaded. */
const STARTUP_TIMEOUT_MS = 15_000;

/**
 * Boosting on two threads. Histograms are feature-parallel: the main thread takes the first half of
 * a node's features, one worker thread the second half, both writing disjoint parts of the same
 * shared histogram; each feature's histogram sums the same rows in the same order as on one thread.
 * The per-round row passes (gradients and loss, quantisation) and large partitions are
 * row-parallel: the worker takes the second half of the rows, and the results are put together
 * exactly as one thread would have them. So the model is bit-identical whatever the thread count.
 * Handshakes use Atomics on shared memory (no message passing per node).
 */
export class HistogramWorkers {
  readonly rows: Int32Array;
  readonly ordered0: Float64Array;
  readonly ordered1: Float64Array;
  readonly arena: HistogramArena;
  /** Per-row boosting state in shared memory, for gradients on both threads (`gradientsAndLoss`). */
  readonly targets: Float64Array;
  readonly weights: Float64Array;
  readonly scores: Float64Array;
  readonly gradients: Float64Array;
  readonly hessians: Float64Array;
  private readonly lossSums: Float64Array;
  /** The packed quantised gradients of the rows (quantised training), shared. */
  readonly quantizedGradients: Float64Array;
  private readonly control: Int32Array;
  private readonly features: Int32Array;
  /** The current tree's quantisation scales (gradient, hessian) for the worker's decoding. */
  private readonly scales: Float64Array;
  private readonly worker: Worker;
  private job = 0;
  private broken = false;

  private constructor(
    data: BinnedMatrix,
    histogramSlots: number,
    private readonly packed: Uint32Array | null,
  ) {
    const n = data.nRows;
    this.arena = new HistogramArena(data.nCols, histogramSlots);
    const shared: HistogramWorkerData = {
      control: new SharedArrayBuffer(32 * 4),
      bins: data.bins[0].buffer as SharedArrayBuffer,
      rows: new SharedArrayBuffer(n * 4),
      ordered0: new SharedArrayBuffer(n * 8),
      ordered1: new SharedArrayBuffer(n * 8),
      features: new SharedArrayBuffer(data.nCols * 4),
      scales: new SharedArrayBuffer(3 * 8),
      targets: new SharedArrayBuffer(n * 8),
      weights: new SharedArrayBuffer(n * 8),
      scores: new SharedArrayBuffer(n * 8),
      gradients: new SharedArrayBuffer(n * 8),
      hessians: new SharedArrayBuffer(n * 8),
      lossSums: new SharedArrayBuffer(2 * 8),
      quantizedGradients: new SharedArrayBuffer(n * 8),
      arena: this.arena.buffer,
      packed: (packed?.buffer as SharedArrayBuffer | undefined) ?? new SharedArrayBuffer(4),
      nRows: n,
      nCols: data.nCols,
      spinIterations: SPIN_ITERATIONS,
    };
    this.control = new Int32Array(shared.control);
    this.rows = new Int32Array(shared.rows);
    this.ordered0 = new Float64Array(shared.ordered0);
    this.ordered1 = new Float64Array(shared.ordered1);
    this.features = new Int32Array(shared.features);
    this.scales = new Float64Array(shared.scales);
    this.targets = new Float64Array(shared.targets);
    this.weights = new Float64Array(shared.weights);
    this.scores = new Float64Array(shared.scores);
    this.gradients = new Float64Array(shared.gradients);
    this.hessians = new Float64Array(shared.hessians);
    this.lossSums = new Float64Array(shared.lossSums);
    this.quantizedGradients = new Float64Array(shared.quantizedGradients);
    this.worker = startThread(new URL('./histogramThread.ts', import.meta.url), {
      workerData: shared,
      name: 'histogram-worker',
    });
    this.worker.on('error', () => {
      // A worker that failed to start never signals ready; start() then stays single-threaded.
    });
    this.worker.unref();
  }

  /**
   * Start one histogram worker for `data`, or return null (stay single-threaded) when `nThreads < 2`
   * or the worker does not come up in time. `histogramSlots` bounds the shared histograms alive at once;
   * `packed` (from `packBinGroups`, in shared memory) lets the worker run the packed kernel too.
   */
  static start(
    data: BinnedMatrix,
    nThreads: number,
    histogramSlots: number,
    packed: Uint32Array | null = null,
  ): HistogramWorkers | null {
    if (nThreads < 2 || data.nRows === 0 || !(data.bins[0].buffer instanceof SharedArrayBuffer)) return null;
    if (packed && !(packed.buffer instanceof SharedArrayBuffer)) packed = null;
    const workers = new HistogramWorkers(data, histogramSlots, packed);
    if (Atomics.wait(workers.control, CONTROL.ready, 0, STARTUP_TIMEOUT_MS) === 'timed-out') {
      workers.stop();
      return null;
    }
    return workers;
  }

  /** Build `hist` (an arena slot) for `features` over `rows[start..end)`, half on each thread. */
  accumulate(
    hist: Float64Array,
    data: BinnedMatrix,
    features: Int32Array,
    start: number,
    end: number,
    countRows: boolean,
  ): void {
    const c = this.control;
    const half = features.length >> 1;
    this.features.set(features.subarray(half));
    c[CONTROL.histSlot] = hist.byteOffset / hist.byteLength; // arena slots are laid end to end
    c[CONTROL.start] = start;
    c[CONTROL.end] = end;
    c[CONTROL.featureCount] = features.length - half;
    c[CONTROL.countRows] = countRows ? 1 : 0;
    c[CONTROL.mode] = 0;
    this.dispatch();
    const { rows, ordered0, ordered1 } = this;
    const job = { hist, data, rows, start, end, ordered0, ordered1, countRows };
    accumulateHistograms({ ...job, features: features.subarray(0, half) });
    if (this.awaitWorker()) {
      // The worker failed or stalled: redo its share here and stay single-threaded from now on.
      const rest = features.subarray(half);
      clearHistograms(hist, data, rest);
      accumulateHistograms({ ...job, features: rest });
    }
  }

  /** True when the worker can run the packed kernel (it was started with packed bin groups). */
  get hasPacked(): boolean {
    return this.packed !== null;
  }

  /**
   * Build `hist` (an arena slot) for every feature over `rows[start..end)` with the packed kernel:
   * the worker takes the upper half of the packed groups, the main thread the lower half and the
   * unpacked last features. Without row counts (boosting). With `parent` (an arena slot too), each
   * thread then subtracts its share from it (the subtraction trick, in parallel).
   */
  accumulatePacked(
    hist: Float64Array,
    data: BinnedMatrix,
    start: number,
    end: number,
    parent: Float64Array | null,
    quantized: QuantizedSums | null = null,
  ): void {
    const packed = this.packed!;
    const quantization = quantized?.quantization ?? null;
    const c = this.control;
    const groups = Math.floor(data.nCols / FEATURES_PER_GROUP);
    const half = groups >> 1;
    c[CONTROL.histSlot] = this.slotOf(hist);
    c[CONTROL.start] = start;
    c[CONTROL.end] = end;
    c[CONTROL.mode] = 1;
    c[CONTROL.groupFrom] = half;
    c[CONTROL.groupTo] = groups;
    c[CONTROL.parentSlot] = parent ? this.slotOf(parent) : -1;
    c[CONTROL.quantized] = quantization ? 1 : 0;
    if (quantization) {
      this.scales[0] = quantization.gradientScale;
      this.scales[1] = quantization.hessianScale;
    }
    this.dispatch();
    const { rows, ordered0, ordered1 } = this;
    const nodeRows = { hist, rows, start, end, ordered0, ordered1 };
    const kernel = (groupFrom: number, groupTo: number) =>
      accumulatePackedChannels({ ...nodeRows, packed, nRows: data.nRows, groupFrom, groupTo, quantized });
    kernel(0, half);
    const mainShare = featureRange(0, half * FEATURES_PER_GROUP);
    const tail = featureRange(groups * FEATURES_PER_GROUP, data.nCols);
    accumulateHistograms({ ...nodeRows, data, features: tail, countRows: false });
    if (quantization) decodeQuantizedFeatures(hist, tail, FEATURE_STRIDE, quantization);
    if (parent) {
      subtractHistograms(parent, hist, data, mainShare);
      subtractHistograms(parent, hist, data, tail);
    }
    if (this.awaitWorker()) {
      const rest = featureRange(half * FEATURES_PER_GROUP, groups * FEATURES_PER_GROUP);
      clearHistograms(hist, data, rest);
      kernel(half, groups);
      if (parent) subtractHistograms(parent, hist, data, rest);
    }
  }

  /**
   * `loss.gradientsAndLoss` over the shared row state (`targets`, `weights`, `scores` →
   * `gradients`, `hessians`), the second half of the rows on the worker: the same values and the
   * same loss, bit for bit, as on one thread.
   */
  gradientsAndLoss(loss: BoostingLoss): number {
    const { range, power } = loss.gradients;
    const index = GRADIENT_RANGES.indexOf(range);
    const n = this.targets.length;
    const mid = lossHalf(n);
    const rows: BoostingRows = {
      y: this.targets,
      weight: this.weights,
      F: this.scores,
      g: this.gradients,
      h: this.hessians,
    };
    const out = new Float64Array(2);
    if (index < 0 || this.broken) return loss.gradientsAndLoss(rows.y, rows.weight, rows.F, rows.g, rows.h);
    const c = this.control;
    c[CONTROL.mode] = 3;
    c[CONTROL.gradientRange] = index;
    c[CONTROL.start] = mid;
    c[CONTROL.end] = n;
    this.scales[2] = power;
    this.dispatch();
    range({ ...rows, from: 0, to: mid, power, out });
    if (this.awaitWorker()) range({ ...rows, from: mid, to: n, power, out: this.lossSums });
    return (out[0] + this.lossSums[0]) / (out[1] + this.lossSums[1]);
  }

  /**
   * Stable partition of the rows `[start, end)` (and their node-ordered channels: both, or only
   * channel 0 when `channels` is 1) by `feature`'s bin ≤ `bin`: the worker partitions the second
   * half while `partitionHere` does the first, then the blocks between are swapped with native
   * copies (`swapAdjacentBlocks`). The same result as one thread's partition; returns the split point.
   */
  partitionInHalves(
    feature: number,
    bin: number,
    start: number,
    end: number,
    channels: 1 | 2,
    partitionHere: (from: number, to: number) => number,
    scratch: PartitionScratch,
  ): number {
    const half = (start + end) >> 1;
    const c = this.control;
    c[CONTROL.mode] = 4;
    c[CONTROL.start] = half;
    c[CONTROL.end] = end;
    c[CONTROL.splitFeature] = feature;
    c[CONTROL.splitBin] = bin;
    c[CONTROL.channels] = channels;
    this.dispatch();
    const midA = partitionHere(start, half);
    if (this.awaitWorker()) {
      // The worker stopped partway through rows it was moving in place: they cannot be recovered.
      throw new Error('The histogram worker thread failed while partitioning rows; the fit cannot go on.');
    }
    const midB = c[CONTROL.partitionMid];
    swapAdjacentBlocks(this.rows, scratch.rows, midA, half, midB);
    swapAdjacentBlocks(this.ordered0, scratch.channel0, midA, half, midB);
    if (channels === 2) swapAdjacentBlocks(this.ordered1, scratch.channel1, midA, half, midB);
    return midA + (midB - half);
  }

  /**
   * For `quantizeGradients`: start quantising rows `[mid, n)` of the shared gradients into
   * `quantizedGradients` on the worker; the function returned waits for it (or does it here if the
   * worker failed).
   */
  quantizeSecondHalf(q: GradientQuantization, mid: number, levels: number, seed: number): () => void {
    const n = this.gradients.length;
    const here = () =>
      quantizeRows({
        g: this.gradients,
        h: this.hessians,
        from: mid,
        to: n,
        levels,
        quantization: q,
        seed: halfSeed(seed, 1),
        packed: this.quantizedGradients,
      });
    if (this.broken) return here;
    const c = this.control;
    c[CONTROL.mode] = 5;
    c[CONTROL.start] = mid;
    c[CONTROL.end] = n;
    c[CONTROL.quantizeLevels] = levels;
    c[CONTROL.quantizeSeed] = halfSeed(seed, 1);
    this.scales[0] = q.gradientScale;
    this.scales[1] = q.hessianScale;
    this.dispatch();
    return () => {
      if (this.awaitWorker()) here();
    };
  }

  /** Arena slots are laid end to end, so a slot's index is its offset over its length. */
  private slotOf(hist: Float64Array): number {
    return hist.byteOffset / hist.byteLength;
  }

  private dispatch(): void {
    const job = ++this.job;
    Atomics.store(this.control, CONTROL.job, job);
    Atomics.notify(this.control, CONTROL.job);
  }

  /** Wait for the worker's share; true when it failed or stalled (it is then marked broken). */
  private awaitWorker(): boolean {
    const c = this.control;
    const job = this.job;
    let spin = 0;
    while (Atomics.load(c, CONTROL.done) !== job && spin < SPIN_ITERATIONS) spin++;
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    for (let seen = Atomics.load(c, CONTROL.done); seen !== job; seen = Atomics.load(c, CONTROL.done)) {
      if (Date.now() > deadline) {
        Atomics.store(c, CONTROL.failed, 1);
        break;
      }
      Atomics.wait(c, CONTROL.done, seen, 1000);
    }
    if (Atomics.load(c, CONTROL.failed) !== 1) return false;
    this.broken = true;
    return true;
  }

  /** True while the worker can take half of a partition (it has not failed). */
  get canPartition(): boolean {
    return !this.broken;
  }

  /** True when `hist` lives in this arena (buffers beyond the arena are built on the main thread). */
  owns(hist: Float64Array): boolean {
    return !this.broken && hist.buffer === this.arena.buffer;
  }

  stop(): void {
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.job, 1);
    Atomics.notify(this.control, CONTROL.job);
    void this.worker.terminate();
  }
}

/** Feature ids `from..end-1`. */
export function featureRange(from: number, end: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, end - from) }, (_, i) => from + i);
}
