import type { BinnedMatrix } from './binning.ts';
import {
  accumulateHistograms,
  BINS_PER_FEATURE,
  FEATURE_STRIDE,
  type HistogramPool,
  subtractHistograms,
} from './histogram.ts';
import { featureRange, type HistogramWorkers } from './histogramWorkers.ts';
import { accumulatePackedChannels, FEATURES_PER_GROUP, type QuantizedSums } from './packedHistogram.ts';
import { decodeQuantizedFeatures, type GradientQuantization } from './quantizedGradients.ts';

/** What the builder reads; `rows` and the ordered channels are the grower's, partitioned in place. */
export interface NodeHistogramInput {
  data: BinnedMatrix;
  rows: Int32Array;
  /** Channels in node order (`ordered0[k]` belongs to `rows[k]`). */
  ordered0: Float64Array;
  ordered1: Float64Array;
  countRows: boolean;
  workers: HistogramWorkers | null;
  packed: Uint32Array | null;
  /** Set when channel 0 holds quantised packed gradients (channel 1 then holds zeros). */
  quantization: GradientQuantization | null;
}

/** Below this many rows a node's histogram is not worth a handshake with the worker thread. */
const PARALLEL_MIN_ROWS = 512;

/**
 * Builds one node's histogram with the fastest kernel that applies: the packed kernel when the node
 * uses every feature and counts no rows, the column kernel otherwise; either one split with the
 * worker thread when the node is large enough. Every path sums the same rows in the same order, so
 * the tree does not depend on which one ran.
 */
export class NodeHistogramBuilder {
  /** Features after the last whole packed group (the packed kernel leaves them to the column one). */
  private readonly packedTail: Int32Array;
  /** The main thread's compact sums when the gradients are quantised. */
  private readonly quantizedSums: QuantizedSums | null;

  constructor(
    private readonly input: NodeHistogramInput,
    private readonly pool: HistogramPool,
  ) {
    const nCols = input.data.nCols;
    this.packedTail = featureRange(Math.floor(nCols / FEATURES_PER_GROUP) * FEATURES_PER_GROUP, nCols);
    this.quantizedSums = input.quantization
      ? { quantization: input.quantization, sums: new Float64Array(nCols * BINS_PER_FEATURE) }
      : null;
  }

  /**
   * Build the histogram of `rows[start..end)`; with `parent`, also subtract it from the parent's
   * (which then holds the sibling's) — on both threads when the worker builds half.
   */
  build(start: number, end: number, features: Int32Array, parent: Float64Array | null): Float64Array {
    const { rows, data, ordered0, ordered1, packed, countRows, quantization } = this.input;
    const hist = this.pool.take();
    const workers = this.input.workers;
    const nodeRows = { hist, rows, start, end, ordered0, ordered1 };
    if (packed && !countRows && features.length === data.nCols) {
      const parallel = workers?.owns(hist) && workers.hasPacked && end - start >= PARALLEL_MIN_ROWS;
      if (parallel && (parent === null || workers!.owns(parent))) {
        workers!.accumulatePacked(hist, data, start, end, parent, this.quantizedSums);
        return hist;
      }
      if (parallel) {
        workers!.accumulatePacked(hist, data, start, end, null, this.quantizedSums);
      } else {
        const groupTo = Math.floor(data.nCols / FEATURES_PER_GROUP);
        const quantized = this.quantizedSums;
        accumulatePackedChannels({
          ...nodeRows,
          packed,
          nRows: data.nRows,
          groupFrom: 0,
          groupTo,
          quantized,
        });
        accumulateHistograms({ ...nodeRows, data, features: this.packedTail, countRows: false });
        if (quantization) decodeQuantizedFeatures(hist, this.packedTail, FEATURE_STRIDE, quantization);
      }
      if (parent) subtractHistograms(parent, hist, data, features);
      return hist;
    }
    if (workers?.owns(hist) && features.length >= 8 && end - start >= PARALLEL_MIN_ROWS) {
      workers.accumulate(hist, data, features, start, end, countRows);
    } else {
      accumulateHistograms({ ...nodeRows, data, features, countRows });
    }
    if (quantization) decodeQuantizedFeatures(hist, features, FEATURE_STRIDE, quantization);
    if (parent) subtractHistograms(parent, hist, data, features);
    return hist;
  }
}
