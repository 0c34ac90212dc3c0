import type { BinnedMatrix } from '../histogram/binning.ts';
import { HistogramPool } from '../histogram/histogram.ts';
import type { HistogramWorkers } from '../histogram/histogramWorkers.ts';
import { NodeHistogramBuilder } from '../histogram/nodeHistogram.ts';
import { partitionRowsAndChannel, partitionRowsAndChannels } from '../histogram/partitionRows.ts';
import { decodeQuantizedSum, type GradientQuantization } from '../histogram/quantizedGradients.ts';
import { sampleWithoutReplacement } from '../random.ts';
import type { SplitCriterion } from './criterion.ts';
import { findBestSplit, type SplitChoice } from './splitSearch.ts';

/** Everything one tree needs; `rows` is partitioned in place so each node owns a contiguous range. */
export interface GrowInput {
  data: BinnedMatrix;
  /** Row ids of this tree (rows with zero weight left out); reordered in place. */
  rows: Int32Array;
  /** Per-row channels indexed by row id: (weight, weight·y) for CART, (g, h) for boosting. */
  channel0: Float64Array;
  channel1: Float64Array;
  criterion: SplitCriterion;
  /** Features this tree may use (column subsampling per tree picks them). */
  features: Int32Array;
  /** Fresh subset of this many features at every node (random forests); `features.length` = all. */
  maxFeaturesPerNode: number;
  maxDepth: number;
  maxLeaves: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Keep per-bin row counts (CART's minSamplesLeaf); boosting bounds children by hessian instead. */
  countRows: boolean;
  rng: () => number;
  /** Build histograms on two threads; `rows` must then be `workers.rows` (shared memory). */
  workers?: HistogramWorkers | null;
  /**
   * `packBinGroups(data)`: nodes that use every feature and count no rows (boosting without
   * column sampling) then run the faster packed histogram kernel, with bit-identical results.
   */
  packed?: Uint32Array | null;
  /** Buffers reused across the trees of one fit (`createGrowWorkspace`); allocated per tree without. */
  workspace?: GrowWorkspace | null;
  /**
   * Set when `channel0` holds quantised packed gradients (`quantizeGradients`; `channel1` is then
   * not read): histograms are decoded as they are built, so splits see (Σg, Σh) as usual.
   */
  quantization?: GradientQuantization | null;
}

/**
 * The per-row buffers of growing a tree: the node-ordered channels and the partition's scratch.
 * Boosting grows hundreds of trees over the same rows, so it allocates them once per fit.
 */
export interface GrowWorkspace {
  ordered0: Float64Array;
  ordered1: Float64Array;
  rightRows: Int32Array;
  right0: Float64Array;
  right1: Float64Array;
}

/** Buffers for trees of up to `nRows` rows; the ordered channels are the workers' shared ones when given. */
export function createGrowWorkspace(nRows: number, workers: HistogramWorkers | null = null): GrowWorkspace {
  return {
    ordered0: workers ? workers.ordered0 : new Float64Array(nRows),
    ordered1: workers ? workers.ordered1 : new Float64Array(nRows),
    rightRows: new Int32Array(nRows),
    right0: new Float64Array(nRows),
    right1: new Float64Array(nRows),
  };
}

/** A grown tree as parallel arrays (node 0 is the root; children always have larger ids). */
export interface GrownTree {
  feature: number[];
  /** Split bin: rows with `bin ≤ binThreshold` go left. */
  binThreshold: number[];
  /** Real-valued threshold: `x ≤ threshold` (or NaN) goes left. */
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  gain: number[];
  /** Each node's range in the partitioned `rows`: leaves use it to update predictions in place. */
  rowStart: number[];
  rowEnd: number[];
}

interface OpenNode {
  id: number;
  depth: number;
  start: number;
  end: number;
  sum0: number;
  sum1: number;
  hist: Float64Array | null;
  histFeatures: Int32Array;
  split: SplitChoice | null;
}

/**
 * Grow one tree on binned data from histograms. With a finite `maxLeaves` the open leaf of highest
 * gain is split next (leaf-wise, LightGBM); otherwise depth-first, bounded by `maxDepth`. Without
 * per-node feature sampling, the smaller child's histogram is built and the sibling's is derived by
 * subtraction from the parent's.
 *
 * @example
 * const tree = growTree({ data, rows, channel0: w, channel1: wy, criterion: new GiniCriterion(), ... });
 */
export function growTree(input: GrowInput): GrownTree {
  return new TreeGrower(input).grow();
}

/** Below this many rows a partition is not worth a handshake with the worker thread. */
const PARALLEL_PARTITION_MIN_ROWS = 8192;

/** Below this many rows, building both children directly beats subtracting full histograms. */
const SUBTRACTION_MIN_ROWS = 2048;

class TreeGrower {
  private readonly tree: GrownTree = {
    feature: [],
    binThreshold: [],
    threshold: [],
    left: [],
    right: [],
    value: [],
    cover: [],
    gain: [],
    rowStart: [],
    rowEnd: [],
  };
  private readonly pool: HistogramPool;
  private readonly ordered0: Float64Array;
  private readonly ordered1: Float64Array;
  private readonly workspace: GrowWorkspace;
  private readonly featurePool: Int32Array;
  private readonly samplesPerNode: boolean;
  private readonly histograms: NodeHistogramBuilder;

  constructor(private readonly input: GrowInput) {
    const n = input.rows.length;
    const workers = input.workers ?? null;
    workers?.arena.reset(); // the previous tree gave every slot back zeroed
    this.pool = new HistogramPool(input.data.nCols, workers?.arena ?? null);
    this.workspace = input.workspace ?? createGrowWorkspace(n, workers);
    this.ordered0 = this.workspace.ordered0;
    this.ordered1 = this.workspace.ordered1;
    this.featurePool = input.features.slice();
    this.samplesPerNode = input.maxFeaturesPerNode < input.features.length;
    this.histograms = new NodeHistogramBuilder(
      {
        data: input.data,
        rows: input.rows,
        ordered0: this.ordered0,
        ordered1: this.ordered1,
        countRows: input.countRows,
        workers,
        packed: input.packed ?? null,
        quantization: input.quantization ?? null,
      },
      this.pool,
    );
  }

  grow(): GrownTree {
    const { rows, channel0, channel1, maxLeaves } = this.input;
    const o0 = this.ordered0;
    const o1 = this.ordered1;
    let sum0 = 0;
    let sum1 = 0;
    // Channels in node order once per tree; partitions then move them along with the row ids.
    const quantization = this.input.quantization;
    if (quantization) {
      // Channel 1 holds zeros (the column kernel of the features outside packed groups adds it to
      // the slot decoding overwrites); partitions leave it alone.
      o1.fill(0, 0, rows.length);
      for (let k = 0; k < rows.length; k++) {
        o0[k] = channel0[rows[k]];
        sum0 += o0[k];
      }
      [sum0, sum1] = decodeQuantizedSum(sum0, quantization);
    } else {
      for (let k = 0; k < rows.length; k++) {
        o0[k] = channel0[rows[k]];
        o1[k] = channel1[rows[k]];
        sum0 += o0[k];
        sum1 += o1[k];
      }
    }
    const root = this.openNode(0, 0, rows.length, sum0, sum1);
    const open: OpenNode[] = [];
    this.prepare(root, open, null);
    let leaves = 1;
    while (open.length > 0) {
      const pick = Number.isFinite(maxLeaves) ? indexOfMaxGain(open) : open.length - 1;
      const node = open[pick];
      open.splice(pick, 1);
      if (leaves >= maxLeaves || node.split === null) {
        this.release(node);
        continue;
      }
      if (this.split(node, open)) leaves++;
    }
    return this.tree;
  }

  private openNode(depth: number, start: number, end: number, sum0: number, sum1: number): OpenNode {
    const { criterion } = this.input;
    const t = this.tree;
    const id = t.feature.length;
    t.feature.push(-1);
    t.binThreshold.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(criterion.nodeValue(sum0, sum1));
    t.cover.push(criterion.cover(sum0, sum1));
    t.gain.push(0);
    t.rowStart.push(start);
    t.rowEnd.push(end);
    return { id, depth, start, end, sum0, sum1, hist: null, histFeatures: this.input.features, split: null };
  }

  private canSplit(node: OpenNode): boolean {
    const count = node.end - node.start;
    const { maxDepth, minSamplesSplit, minSamplesLeaf } = this.input;
    return node.depth < maxDepth && count >= minSamplesSplit && count >= 2 * minSamplesLeaf;
  }

  /** Give a node its histogram (unless derived already) and best split, and queue it. */
  private prepare(node: OpenNode, open: OpenNode[], derivedHist: Float64Array | null): void {
    if (!this.canSplit(node)) {
      if (derivedHist) this.pool.give(derivedHist, this.input.data, node.histFeatures);
      return;
    }
    if (derivedHist) {
      node.hist = derivedHist;
    } else {
      node.histFeatures = this.samplesPerNode
        ? sampleWithoutReplacement(this.input.rng, this.featurePool, this.input.maxFeaturesPerNode).slice()
        : this.input.features;
      node.hist = this.histograms.build(node.start, node.end, node.histFeatures, null);
    }
    const { data, criterion, minSamplesLeaf, countRows } = this.input;
    node.split = findBestSplit({
      hist: node.hist,
      data,
      features: node.histFeatures,
      criterion,
      total0: node.sum0,
      total1: node.sum1,
      totalCount: node.end - node.start,
      minSamplesLeaf,
      countRows,
    });
    if (node.split === null) {
      this.release(node);
      return;
    }
    // Per-node samples and small nodes rebuild children directly, so their histograms are done.
    if (this.samplesPerNode || node.end - node.start < SUBTRACTION_MIN_ROWS) this.release(node);
    open.push(node);
  }

  /** Split `node` and queue its children; false when the split turned out empty on one side. */
  private split(node: OpenNode, open: OpenNode[]): boolean {
    const split = node.split!;
    const { data } = this.input;
    const t = this.tree;
    const mid = this.partition(node.start, node.end, split.feature, split.bin);
    if (mid === node.start || mid === node.end) {
      // Only rounding in subtracted histograms can propose a split with an empty side: keep a leaf.
      this.release(node);
      return false;
    }
    const leftNode = this.openNode(node.depth + 1, node.start, mid, split.left0, split.left1);
    const rightNode = this.openNode(
      node.depth + 1,
      mid,
      node.end,
      node.sum0 - split.left0,
      node.sum1 - split.left1,
    );
    t.feature[node.id] = split.feature;
    t.binThreshold[node.id] = split.bin;
    t.threshold[node.id] = data.cuts[split.feature][split.bin - 1];
    t.left[node.id] = leftNode.id;
    t.right[node.id] = rightNode.id;
    t.gain[node.id] = split.gain;

    if (node.hist !== null && !this.canSplit(leftNode) && !this.canSplit(rightNode)) {
      this.release(node); // both children are final leaves: no histogram needed
    }
    if (node.hist === null) {
      this.prepare(leftNode, open, null);
      this.prepare(rightNode, open, null);
      return true;
    }
    // Histogram subtraction: build the smaller child, the parent's buffer becomes the larger one.
    const leftIsSmaller = mid - node.start <= node.end - mid;
    const small = leftIsSmaller ? leftNode : rightNode;
    const large = leftIsSmaller ? rightNode : leftNode;
    const smallHist = this.histograms.build(small.start, small.end, node.histFeatures, node.hist);
    small.histFeatures = node.histFeatures;
    large.histFeatures = node.histFeatures;
    const largeHist = node.hist;
    node.hist = null;
    this.prepare(leftNode, open, leftIsSmaller ? smallHist : largeHist);
    this.prepare(rightNode, open, leftIsSmaller ? largeHist : smallHist);
    return true;
  }

  /** Partition the node's rows and ordered channels by the split. */
  private partition(start: number, end: number, feature: number, bin: number): number {
    const { rows, data } = this.input;
    const w = this.workspace;
    const column = data.bins[feature];
    const oneChannel = this.input.quantization != null;
    const scratch = { rows: w.rightRows, channel0: w.right0, channel1: w.right1 };
    const split = { rows, o0: this.ordered0, o1: this.ordered1, column, bin, scratch };
    const here = (from: number, to: number) =>
      oneChannel
        ? partitionRowsAndChannel({ ...split, start: from, end: to })
        : partitionRowsAndChannels({ ...split, start: from, end: to });
    const workers = this.input.workers;
    const shared = workers !== null && workers !== undefined && this.ordered0 === workers.ordered0;
    if (shared && workers.canPartition && end - start >= PARALLEL_PARTITION_MIN_ROWS)
      return workers.partitionInHalves(feature, bin, start, end, oneChannel ? 1 : 2, here, scratch);
    return here(start, end);
  }

  private release(node: OpenNode): void {
    if (node.hist) this.pool.give(node.hist, this.input.data, node.histFeatures);
    node.hist = null;
  }
}

function indexOfMaxGain(open: OpenNode[]): number {
  let best = 0;
  for (let i = 1; i < open.length; i++) if (open[i].split!.gain > open[best].split!.gain) best = i;
  return best;
}
