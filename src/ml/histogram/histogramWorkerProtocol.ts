import {
  type GradientRange,
  logLossGradients,
  squaredErrorGradients,
  tweedieGradients,
} from '../boosting/losses.ts';

// What the main thread (histogramWorkers.ts) and the worker (histogramThread.ts) agree on: the
// slots of the shared control word and the shared buffers handed over at start.

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
  /**
   * The job: 0 column kernel, 1 packed kernel, 3 gradients and loss, 4 partition, 5 quantisation
   * (each on the worker's share: features, packed groups, or the second half of the rows).
   */
  mode: 10,
  groupFrom: 11,
  groupTo: 12,
  parentSlot: 13,
  /** 1 when channel 0 holds quantised packed gradients (scales in `scales`). */
  quantized: 14,
  /** Mode 3: index of the loss's gradient function in `GRADIENT_RANGES` (ρ in `scales[2]`). */
  gradientRange: 15,
  /** Mode 4 (partition the rows `[start, end)` by a split): its feature, bin and channel count. */
  splitFeature: 16,
  splitBin: 17,
  channels: 18,
  /** Mode 4's answer: where the worker's left rows end. */
  partitionMid: 19,
  /** Mode 5 (quantise the gradients of rows `[start, end)`): levels and rounding seed. */
  quantizeLevels: 20,
  quantizeSeed: 21,
} as const;

/** The losses' row-range gradient functions the worker can run (mode 3), by index. */
export const GRADIENT_RANGES: readonly GradientRange[] = [
  logLossGradients,
  squaredErrorGradients,
  tweedieGradients,
];

export interface HistogramWorkerData {
  control: SharedArrayBuffer;
  bins: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  ordered0: SharedArrayBuffer;
  ordered1: SharedArrayBuffer;
  features: SharedArrayBuffer;
  /** The current tree's gradient and hessian quantisation scales, then Tweedie's ρ. */
  scales: SharedArrayBuffer;
  /** Per-row boosting state (n doubles each): targets, weights, raw scores, gradients, hessians. */
  targets: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  scores: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  hessians: SharedArrayBuffer;
  /** Two doubles: the worker's loss sum and weight total of its rows (mode 3). */
  lossSums: SharedArrayBuffer;
  /** n doubles: the packed quantised gradients (mode 5 writes its rows). */
  quantizedGradients: SharedArrayBuffer;
  arena: SharedArrayBuffer;
  /** Packed bin groups (`packBinGroups`), or a one-word placeholder when there are none. */
  packed: SharedArrayBuffer;
  nRows: number;
  nCols: number;
  /** Polls of the job word before the worker sleeps (see SPIN_ITERATIONS in histogramWorkers.ts). */
  spinIterations: number;
}
