import { accumulateHistograms, BIN_STRIDE, FEATURE_STRIDE } from './histogram.ts';
import { histogramWorkerLoop } from './histogramWorkerLoop.ts';
import { accumulatePackedHistograms, accumulatePackedSums } from './packedHistogram.ts';
import { decodeQuantizedHistogram } from './quantizedGradients.ts';

// What the main thread (histogramWorkers.ts) and the worker (histogramWorkerLoop.ts) agree on: the
// slots of the shared control word, the shared buffers handed over at start, and the worker's code.

/** Slots of the shared control word. */
export const CONTROL = {
  job: 0,
  done: 1,
  ready: 2,
  stop: 3,
  histSlot: 4,
  start: 5,
  end: 6,
  featureCount: 7,
  countRows: 8,
  failed: 9,
  packedMode: 10,
  groupFrom: 11,
  groupTo: 12,
  parentSlot: 13,
  /** 1 when channel 0 holds quantised packed gradients (scales in `scales`). */
  quantized: 14,
} as const;

export interface HistogramWorkerData {
  control: SharedArrayBuffer;
  bins: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  ordered0: SharedArrayBuffer;
  ordered1: SharedArrayBuffer;
  features: SharedArrayBuffer;
  /** Two doubles: the current tree's gradient and hessian quantisation scales. */
  scales: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  /** Packed bin groups (`packBinGroups`), or a one-word placeholder when there are none. */
  packed: SharedArrayBuffer;
  nRows: number;
  nCols: number;
  /** Polls of the job word before the worker sleeps (see SPIN_ITERATIONS in histogramWorkers.ts). */
  spinIterations: number;
  binStride: number;
  featureStride: number;
  quantizationUnit: number;
}

/**
 * The worker runs the very same histogram kernel, shipped as source: a worker cannot load a .ts
 * module under every runner (tsx, vitest), but the already-transpiled function text runs anywhere.
 */
export function workerSource(): string {
  return [
    `const BIN_STRIDE = ${BIN_STRIDE};`,
    `const FEATURE_STRIDE = ${FEATURE_STRIDE};`,
    `const accumulateHistograms = ${accumulateHistograms.toString()};`,
    `const accumulatePackedHistograms = ${accumulatePackedHistograms.toString()};`,
    `const accumulatePackedSums = ${accumulatePackedSums.toString()};`,
    `const decodeQuantizedHistogram = ${decodeQuantizedHistogram.toString()};`,
    `(${histogramWorkerLoop.toString()})(require('node:worker_threads').workerData, { accumulateHistograms, accumulatePackedHistograms, accumulatePackedSums, decodeQuantizedHistogram }, ${JSON.stringify(CONTROL)});`,
  ].join('\n');
}
