/**
 * Median ms to sort 100k doubles, native `Float64Array.prototype.sort()` against `sortFloat64`, on
 * the shapes binning meets (run under `flock .tmp/bench.lock`: the machine is shared).
 *
 *   npx tsx bench/sortFloat64.ts
 */
import { sortFloat64 } from '../src/ml/histogram/radixSort.ts';
import { createRng } from '../src/ml/random.ts';

const N = 100_000;
const REPEATS = 60;
const rng = createRng(1);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const halves = new Uint32Array(2);
const bitsAsDouble = new Float64Array(halves.buffer);
function randomBits(): number {
  do halves.set([rng() * 2 ** 32, rng() * 2 ** 32]);
  while (Number.isNaN(bitsAsDouble[0]));
  return bitsAsDouble[0];
}
const SHAPES: Record<string, () => number> = {
  'random bits': randomBits,
  uniform: rng,
  normal: gaussian,
  'lognormal price, cents': () => Math.round(Math.exp(3 + gaussian()) * 100) / 100,
  'integers < 1e6': () => Math.floor(rng() * 1e6),
};

function medianMs(data: Float64Array, sort: (values: Float64Array) => unknown): number {
  const work = new Float64Array(data.length);
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    work.set(data);
    const start = performance.now();
    sort(work);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[REPEATS >> 1];
}

for (const [shape, draw] of Object.entries(SHAPES)) {
  const data = Float64Array.from({ length: N }, draw);
  const nativeMs = medianMs(data, (values) => values.sort());
  const radixMs = medianMs(data, sortFloat64);
  console.log(`${shape.padEnd(24)} native ${nativeMs.toFixed(2)} ms   radix ${radixMs.toFixed(2)} ms`);
}
