/**
 * The body of a policy-draw worker thread (started by runDraws with startThread): claim chunks of
 * units through the shared counter until none is left, run the kernel on each.
 */
import { workerData } from 'node:worker_threads';
import { runDrawKernel } from './drawKernel.ts';

/** What each thread starts with: the shared inputs and sums, and the run's sizes. */
export interface DrawThreadData {
  shared: {
    retain: SharedArrayBuffer;
    samples: SharedArrayBuffer;
    masks: SharedArrayBuffer;
    uplifts: SharedArrayBuffer;
    sums: SharedArrayBuffer;
    nextChunk: SharedArrayBuffer;
  };
  settings: {
    nUnits: number;
    nPolicies: number;
    draws: number;
    seed: number;
    sampleBits: number;
    nChunks: number;
    chunkLength: number;
    chunkUnits: number;
  };
}

const { shared, settings } = workerData as DrawThreadData;
const next = new Int32Array(shared.nextChunk);
const retain = new Float64Array(shared.retain);
const samples = new Float64Array(shared.samples);
const masks = new Uint32Array(shared.masks);
const uplifts = new Float64Array(shared.uplifts);
for (;;) {
  const chunk = Atomics.add(next, 0, 1);
  if (chunk >= settings.nChunks) break;
  runDrawKernel({
    retain,
    samples,
    masks,
    uplifts,
    nPolicies: settings.nPolicies,
    draws: settings.draws,
    seed: settings.seed,
    sampleBits: settings.sampleBits,
    unitStart: chunk * settings.chunkUnits,
    unitEnd: Math.min(settings.nUnits, (chunk + 1) * settings.chunkUnits),
    out: new Float64Array(shared.sums, chunk * settings.chunkLength * 8, settings.chunkLength),
  });
}
