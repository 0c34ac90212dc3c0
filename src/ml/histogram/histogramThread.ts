import { workerData } from 'node:worker_threads';
import type { BinnedMatrix } from './binning.ts';
import { accumulateHistograms, BINS_PER_FEATURE, FEATURE_STRIDE } from './histogram.ts';
import { CONTROL, GRADIENT_RANGES, type HistogramWorkerData } from './histogramWorkerProtocol.ts';
import { accumulatePackedHistograms, accumulatePackedSums } from './packedHistogram.ts';
import { partitionRowsAndChannel, partitionRowsAndChannels } from './partitionRows.ts';
import { decodeQuantizedSums, quantizeRows } from './quantizedGradients.ts';

/**
 * Body of the histogram worker thread (started by HistogramWorkers with startThread): wait on
 * the shared control word, accumulate the histograms of the worker's share of the features for the
 * node described there (feature ids, or a range of packed bin groups — decoded when the
 * gradients are quantised — then optionally subtract them from the parent's) or the gradients
 * and loss of a range of rows (or their quantisation), or the partition of a range of rows by a
 * split, signal completion
 * (or failure), repeat until told to stop.
 */
function histogramWorkerLoop(shared: HistogramWorkerData): void {
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
  const scratch = { rows: new Int32Array(0), channel0: new Float64Array(0), channel1: new Float64Array(0) };
  const histogramSize = shared.nCols * FEATURE_STRIDE;
  // The worker's compact sums for the quantised packed kernel (see decodeQuantizedSums).
  const quantizedSums = new Float64Array(shared.nCols * BINS_PER_FEATURE);
  // The boosting state of every row, for the gradient jobs (mode 3).
  const boostingRows = { y: targets, weight: weights, F: scores, g: gradients, h: hessians };
  Atomics.store(control, CONTROL.ready, 1);
  Atomics.notify(control, CONTROL.ready);
  let seen = 0;
  for (;;) {
    // Spin a few tens of microseconds before sleeping: jobs of one tree follow each other closely,
    // and a futex wake-up costs more than a small node's whole histogram.
    let job = Atomics.load(control, CONTROL.job);
    for (let spin = 0; job === seen && spin < shared.spinIterations; spin++)
      job = Atomics.load(control, CONTROL.job);
    if (job === seen) {
      Atomics.wait(control, CONTROL.job, seen);
      // A wake without a new job (spurious, or a notify that raced ahead) must not redo the last one.
      continue;
    }
    seen = job;
    if (Atomics.load(control, CONTROL.stop) === 1) return;
    const hist = new Float64Array(shared.arena, control[CONTROL.histSlot] * histogramSize * 8, histogramSize);
    try {
      if (control[CONTROL.mode] === 5) {
        quantizeRows({
          g: gradients,
          h: hessians,
          from: control[CONTROL.start],
          to: control[CONTROL.end],
          levels: control[CONTROL.quantizeLevels],
          quantization: { gradientScale: scales[0], hessianScale: scales[1] },
          seed: control[CONTROL.quantizeSeed],
          packed: quantizedGradients,
        });
      } else if (control[CONTROL.mode] === 4) {
        const start = control[CONTROL.start];
        const end = control[CONTROL.end];
        if (scratch.rows.length < end - start) {
          scratch.rows = new Int32Array(shared.nRows);
          scratch.channel0 = new Float64Array(shared.nRows);
          scratch.channel1 = new Float64Array(shared.nRows);
        }
        const split = {
          rows,
          o0: ordered0,
          o1: ordered1,
          column: bins[control[CONTROL.splitFeature]],
          bin: control[CONTROL.splitBin],
          start,
          end,
          scratch,
        };
        control[CONTROL.partitionMid] =
          control[CONTROL.channels] === 2 ? partitionRowsAndChannels(split) : partitionRowsAndChannel(split);
      } else if (control[CONTROL.mode] === 3) {
        GRADIENT_RANGES[control[CONTROL.gradientRange]]({
          ...boostingRows,
          from: control[CONTROL.start],
          to: control[CONTROL.end],
          power: scales[2],
          out: lossSums,
        });
      } else if (control[CONTROL.mode] === 1) {
        const groupFrom = control[CONTROL.groupFrom];
        const groupTo = control[CONTROL.groupTo];
        const from = 4 * groupFrom * FEATURE_STRIDE;
        const to = 4 * groupTo * FEATURE_STRIDE;
        const nodeRows = {
          packed,
          nRows: shared.nRows,
          groupFrom,
          groupTo,
          rows,
          start: control[CONTROL.start],
          end: control[CONTROL.end],
          ordered0,
        };
        if (control[CONTROL.quantized] === 1) {
          const quantization = { gradientScale: scales[0], hessianScale: scales[1] };
          accumulatePackedSums({ ...nodeRows, sums: quantizedSums });
          decodeQuantizedSums({
            sums: quantizedSums,
            hist,
            featureFrom: 4 * groupFrom,
            featureTo: 4 * groupTo,
            quantization,
          });
        } else {
          accumulatePackedHistograms({ ...nodeRows, hist, ordered1 });
        }
        const parentSlot = control[CONTROL.parentSlot];
        if (parentSlot >= 0) {
          // Histogram subtraction for this share of features: parent −= child leaves the sibling.
          const parent = new Float64Array(shared.arena, parentSlot * histogramSize * 8, histogramSize);
          for (let i = from; i < to; i++) parent[i] -= hist[i];
        }
      } else
        accumulateHistograms({
          hist,
          data,
          features: features.subarray(0, control[CONTROL.featureCount]),
          rows,
          start: control[CONTROL.start],
          end: control[CONTROL.end],
          ordered0,
          ordered1,
          countRows: control[CONTROL.countRows] === 1,
        });
    } catch {
      Atomics.store(control, CONTROL.failed, 1); // the main thread redoes this share
    }
    Atomics.store(control, CONTROL.done, seen);
    Atomics.notify(control, CONTROL.done);
  }
}

histogramWorkerLoop(workerData as HistogramWorkerData);
