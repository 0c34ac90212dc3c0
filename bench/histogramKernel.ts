/**
 * Benchmark of the boosting histogram kernel alone — the part of a fit no restructuring removes —
 * in nanoseconds per (row, feature) update, against a baseline measured in the same run: a pass
 * that loads the same packed bin words and gradients for the same rows and only sums them (the
 * reads without the scattered read-modify-write of the histogram).
 *
 *   npx tsx bench/histogramKernel.ts [--rows 1000000]
 *
 * Node densities mimic a depth-6 tree: the root reads every row, deep children a sparse subset.
 */
import { parseArgs } from 'node:util';
import type { BinnedMatrix } from '../src/ml/histogram/binning.ts';
import { FEATURE_STRIDE } from '../src/ml/histogram/histogram.ts';
import { accumulatePackedHistograms, packBinGroups } from '../src/ml/histogram/packedHistogram.ts';
import { createRng } from '../src/ml/random.ts';

const FEATURES = 40;
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const n = Number(values.rows);
const rng = createRng(11);
const shared = new SharedArrayBuffer(n * FEATURES);
const bins = Array.from({ length: FEATURES }, (_, f) => {
  const column = new Uint8Array(shared, f * n, n);
  for (let i = 0; i < n; i++) column[i] = 1 + Math.floor(rng() * 254);
  return column;
});
const data = { nRows: n, nCols: FEATURES, bins, cuts: [], nBins: new Int32Array(FEATURES).fill(256) };
const packed = packBinGroups(data as unknown as BinnedMatrix);
const groups = FEATURES / 4;
const g = Float64Array.from({ length: n }, () => rng() - 0.5);
const h = Float64Array.from({ length: n }, () => rng() * 0.25);

/** The same loads as the kernel (row id, four packed words, two channels), summed instead of scattered. */
function readsOnly(rows: Int32Array, m: number): number {
  let sum = 0;
  for (let grp = 0; grp + 3 < groups; grp += 4) {
    const offA = grp * n;
    for (let k = 0; k < m; k++) {
      const row = rows[k];
      sum +=
        (packed[offA + row] ^
          packed[offA + n + row] ^
          packed[offA + 2 * n + row] ^
          packed[offA + 3 * n + row]) +
        g[k] +
        h[k];
    }
  }
  for (let grp = groups - (groups % 4); grp < groups; grp++) {
    for (let k = 0; k < m; k++) sum += packed[grp * n + rows[k]] + g[k] + h[k];
  }
  return sum;
}

const hist = new Float64Array(FEATURES * FEATURE_STRIDE);
console.log(`Histogram kernel, ${n} rows × ${FEATURES} features (packed 4 per word), one thread`);
console.log('| node density | kernel ns/update | reads-only ns/update | kernel / reads |');
console.log('|---:|---:|---:|---:|');
for (const density of [1, 0.25, 0.05]) {
  const rows = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (rng() < density) rows[m++] = i;
  const updates = m * FEATURES;
  const repeats = Math.max(2, Math.round(3 / density));
  let kernelMs = Number.POSITIVE_INFINITY;
  let readsMs = Number.POSITIVE_INFINITY;
  let sink = 0; // read after the loop, so the optimiser cannot drop the reads-only pass
  for (let round = 0; round < 3; round++) {
    let t0 = performance.now();
    for (let r = 0; r < repeats; r++) {
      accumulatePackedHistograms({
        hist,
        packed,
        nRows: n,
        groupFrom: 0,
        groupTo: groups,
        rows,
        start: 0,
        end: m,
        ordered0: g,
        ordered1: h,
      });
    }
    kernelMs = Math.min(kernelMs, (performance.now() - t0) / repeats);
    t0 = performance.now();
    for (let r = 0; r < repeats; r++) sink += readsOnly(rows, m);
    readsMs = Math.min(readsMs, (performance.now() - t0) / repeats);
  }
  const kernelNs = (kernelMs * 1e6) / updates;
  const readsNs = (readsMs * 1e6) / updates;
  if (!Number.isFinite(sink)) throw new Error('reads-only pass summed to a non-finite value');
  console.log(
    `| ${density} | ${kernelNs.toFixed(2)} | ${readsNs.toFixed(2)} | ${(kernelNs / readsNs).toFixed(1)}× |`,
  );
}
