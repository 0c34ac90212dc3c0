import { availableParallelism } from 'node:os';
import { startThread } from '../ml/startThread.ts';
import { type DrawKernelJob, runDrawKernel } from './drawKernel.ts';
import type { DrawThreadData } from './drawThread.ts';

/** Units per chunk: each chunk's sums are kept apart and added in order, whatever the thread count. */
const CHUNK_UNITS = 4096;
/** Below this many unit-draws the work runs inline: a worker costs more to start than it saves. */
const INLINE_WORK = 2_000_000;

export type DrawInputs = Omit<DrawKernelJob, 'unitStart' | 'unitEnd' | 'out'> & { nUnits: number };

/**
 * Run the kernel over every unit and draw, on up to `threads` worker threads, and return the sums
 * [statistic][policy][draw] (see `runDrawKernel`). Chunks of units are claimed through an atomic
 * counter and their sums added in chunk order, so the result is bit-identical for any `threads`.
 */
export async function runDraws(inputs: DrawInputs, threads = defaultThreads()): Promise<Float64Array> {
  const chunkLength = 3 * inputs.nPolicies * inputs.draws;
  const nChunks = Math.max(1, Math.ceil(inputs.nUnits / CHUNK_UNITS));
  const work = inputs.nUnits * inputs.draws;
  const useWorkers = threads > 1 && work >= INLINE_WORK && nChunks > 1;
  const chunkSums = useWorkers
    ? await runOnWorkers(inputs, nChunks, chunkLength, Math.min(threads, nChunks))
    : runInline(inputs, nChunks, chunkLength);
  const total = new Float64Array(chunkLength);
  for (let c = 0; c < nChunks; c++) {
    const offset = c * chunkLength;
    for (let j = 0; j < chunkLength; j++) total[j] += chunkSums[offset + j];
  }
  return total;
}

/** Both cores of the target machine; more threads only contend. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function runInline(inputs: DrawInputs, nChunks: number, chunkLength: number): Float64Array {
  const sums = new Float64Array(nChunks * chunkLength);
  for (let c = 0; c < nChunks; c++) {
    runDrawKernel({
      ...inputs,
      unitStart: c * CHUNK_UNITS,
      unitEnd: Math.min(inputs.nUnits, (c + 1) * CHUNK_UNITS),
      out: sums.subarray(c * chunkLength, (c + 1) * chunkLength),
    });
  }
  return sums;
}

function toShared<T extends Float64Array | Uint32Array>(array: T): SharedArrayBuffer {
  if (
    array.buffer instanceof SharedArrayBuffer &&
    array.byteOffset === 0 &&
    array.byteLength === array.buffer.byteLength
  ) {
    return array.buffer;
  }
  const buffer = new SharedArrayBuffer(array.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return buffer;
}

async function runOnWorkers(
  inputs: DrawInputs,
  nChunks: number,
  chunkLength: number,
  threads: number,
): Promise<Float64Array> {
  const shared = {
    retain: toShared(inputs.retain),
    samples: toShared(inputs.samples),
    masks: toShared(inputs.masks),
    uplifts: toShared(inputs.uplifts),
    sums: new SharedArrayBuffer(nChunks * chunkLength * 8),
    nextChunk: new SharedArrayBuffer(4),
  };
  const settings = {
    nUnits: inputs.nUnits,
    nPolicies: inputs.nPolicies,
    draws: inputs.draws,
    seed: inputs.seed,
    sampleBits: inputs.sampleBits,
    nChunks,
    chunkLength,
    chunkUnits: CHUNK_UNITS,
  };
  const workerData: DrawThreadData = { shared, settings };
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = startThread(new URL('./drawThread.ts', import.meta.url), {
            workerData,
            name: 'policy-draws',
          });
          worker.once('error', reject);
          worker.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`policy simulation thread exited with code ${code}`)),
          );
        }),
    ),
  );
  return new Float64Array(shared.sums);
}
