import type { GradientRange } from '../boosting/losses.ts';
import type { BinnedMatrix } from './binning.ts';
import type { accumulateHistograms } from './histogram.ts';
import type { CONTROL, HistogramWorkerData } from './histogramWorkerProtocol.ts';
import type { accumulatePackedHistograms, accumulatePackedSums } from './packedHistogram.ts';
import type { partitionRowsAndChannel, partitionRowsAndChannels } from './partitionRows.ts';
import type { decodeQuantizedSums, quantizeRows } from './quantizedGradients.ts';

/** The kernels the worker runs, passed in because the loop is shipped as source. */
export interface WorkerKernels {
  accumulateHistograms: typeof accumulateHistograms;
  accumulatePackedHistograms: typeof accumulatePackedHistograms;
  accumulatePackedSums: typeof accumulatePackedSums;
  decodeQuantizedSums: typeof decodeQuantizedSums;
  gradientRanges: readonly GradientRange[];
  partitionRowsAndChannels: typeof partitionRowsAndChannels;
  partitionRowsAndChannel: typeof partitionRowsAndChannel;
  quantizeRows: typeof quantizeRows;
}

/**
 * Body of the histogram worker thread (shipped as source, so it may use only its arguments): wait on
 * the shared control word, accumulate the histograms of the worker's share of the features for the
 * node described there (feature ids, or a range of packed bin groups — decoded when the
 * gradients are quantised — then optionally subtract them from the parent's) or the gradients
 * and loss of a range of rows (or their quantisation), or the partition of a range of rows by a
 * split, signal completion
 * (or failure), repeat until told to stop.
 */
export function histogramWorkerLoop(
  shared: HistogramWorkerData,
  kernels: WorkerKernels,
  slot: typeof CONTROL,
): void {
  const control = new Int32Array(shared.control);
  const bins = Array.from(
    { length: shared.nCols },
    (_, f) => new Uint8Array(shared.bins, f * shared.nRows, shared.nRows),
  );
  const data = { nRows: shared.nRows, nCols: shared.nCols, bins } as unknown as BinnedMatrix;
  const rows = new Int32Array(shared.rows);
  const ordered0 = new Float64Array(shared.ordered0);
  const ordered1 = new Float64Array(shared.ordered1);
  const features = new Int32Array(shared.features);
  const packed = new Uint32Array(shared.packed);
  const scales = new Float64Array(shared.scales);
  const targets = new Float64Array(shared.targets);
  const weights = new Float64Array(shared.weights);
  const scores = new Float64Array(shared.scores);
  const gradients = new Float64Array(shared.gradients);
  const hessians = new Float64Array(shared.hessians);
  const lossSums = new Float64Array(shared.lossSums);
  const quantizedGradients = new Float64Array(shared.quantizedGradients);
  // Partition scratch, made on the first partition job (a node's half never exceeds half the rows + 1).
  let rightRows = new Int32Array(0);
  let right0 = new Float64Array(0);
  let right1 = new Float64Array(0);
  const histogramSize = shared.nCols * shared.featureStride;
  // The worker's compact sums for the quantised packed kernel (see decodeQuantizedSums).
  const quantizedSums = new Float64Array(shared.nCols * shared.binsPerFeature);
  Atomics.store(control, slot.ready, 1);
  Atomics.notify(control, slot.ready);
  let seen = 0;
  for (;;) {
    // Spin a few tens of microseconds before sleeping: jobs of one tree follow each other closely,
    // and a futex wake-up costs more than a small node's whole histogram.
    let job = Atomics.load(control, slot.job);
    for (let spin = 0; job === seen && spin < shared.spinIterations; spin++)
      job = Atomics.load(control, slot.job);
    if (job === seen) {
      Atomics.wait(control, slot.job, seen);
      // A wake without a new job (spurious, or a notify that raced ahead) must not redo the last one.
      continue;
    }
    seen = job;
    if (Atomics.load(control, slot.stop) === 1) return;
    const hist = new Float64Array(shared.arena, control[slot.histSlot] * histogramSize * 8, histogramSize);
    try {
      if (control[slot.mode] === 5) {
        kernels.quantizeRows(
          gradients,
          hessians,
          control[slot.start],
          control[slot.end],
          control[slot.quantizeLevels],
          scales[0],
          scales[1],
          shared.quantizationUnit,
          control[slot.quantizeSeed],
          quantizedGradients,
        );
      } else if (control[slot.mode] === 4) {
        const start = control[slot.start];
        const end = control[slot.end];
        if (rightRows.length < end - start) {
          rightRows = new Int32Array(shared.nRows);
          right0 = new Float64Array(shared.nRows);
          right1 = new Float64Array(shared.nRows);
        }
        const column = bins[control[slot.splitFeature]];
        const bin = control[slot.splitBin];
        control[slot.partitionMid] =
          control[slot.channels] === 2
            ? kernels.partitionRowsAndChannels(
                rows,
                ordered0,
                ordered1,
                column,
                bin,
                start,
                end,
                rightRows,
                right0,
                right1,
              )
            : kernels.partitionRowsAndChannel(rows, ordered0, column, bin, start, end, rightRows, right0);
      } else if (control[slot.mode] === 3) {
        kernels.gradientRanges[control[slot.gradientRange]](
          targets,
          weights,
          scores,
          gradients,
          hessians,
          control[slot.start],
          control[slot.end],
          scales[2],
          lossSums,
        );
      } else if (control[slot.mode] === 1) {
        const groupFrom = control[slot.groupFrom];
        const groupTo = control[slot.groupTo];
        const start = control[slot.start];
        const end = control[slot.end];
        const from = 4 * groupFrom * shared.featureStride;
        const to = 4 * groupTo * shared.featureStride;
        const rowRange = [packed, shared.nRows, groupFrom, groupTo, rows, start, end, ordered0] as const;
        if (control[slot.quantized] === 1) {
          kernels.accumulatePackedSums(quantizedSums, ...rowRange, 1, shared.binsPerFeature);
          kernels.decodeQuantizedSums(
            quantizedSums,
            hist,
            4 * groupFrom,
            4 * groupTo,
            scales[0],
            scales[1],
            shared.quantizationUnit,
            shared.binsPerFeature,
            shared.binStride,
          );
        } else {
          kernels.accumulatePackedHistograms(
            hist,
            ...rowRange,
            ordered1,
            shared.binStride,
            shared.featureStride,
          );
        }
        const parentSlot = control[slot.parentSlot];
        if (parentSlot >= 0) {
          // Histogram subtraction for this share of features: parent −= child leaves the sibling.
          const parent = new Float64Array(shared.arena, parentSlot * histogramSize * 8, histogramSize);
          for (let i = from; i < to; i++) parent[i] -= hist[i];
        }
      } else
        kernels.accumulateHistograms(
          hist,
          data,
          features.subarray(0, control[slot.featureCount]),
          rows,
          control[slot.start],
          control[slot.end],
          ordered0,
          ordered1,
          control[slot.countRows] === 1,
        );
    } catch {
      Atomics.store(control, slot.failed, 1); // the main thread redoes this share
    }
    Atomics.store(control, slot.done, seen);
    Atomics.notify(control, slot.done);
  }
}
