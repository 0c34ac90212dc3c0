/**
 * Experiment behind issue 3's decision (not part of `npm run bench`): is a WebAssembly histogram
 * kernel the way to XGBoost's speed? Times the quantised four-group packed kernel over one node's
 * rows — the production JavaScript kernel, the same loop hand-written in WebAssembly (text format
 * generated below, compiled by wabt's `wat2wasm`), and the same loop in C++ with and without
 * software prefetch (`kernel.cc`, g++) — with cold caches, as in a fit where each node's rows
 * are read once. Needs `wat2wasm` (Debian package wabt) and g++; a missing one skips its column.
 *
 *   npx tsx bench/experiments/prefetch/run.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accumulatePackedSums } from '../../../src/ml/histogram/packedHistogram.ts';
import { createRng } from '../../../src/ml/random.ts';

// The project's type libraries (ES2022, Node) leave WebAssembly out; what this file uses of it:
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const n = 1_000_000;
const GROUPS = 4; // one pass of the kernel: four packed words, sixteen features
const FEATURES = 4 * GROUPS;
const DENSITIES = [1, 0.25, 0.05, 0.01];

/** `accumulatePackedSums` for one four-group block, as WebAssembly text (all offsets in bytes). */
function kernelWat(): string {
  const body: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    body.push(
      `(local.set $w (i32.load (i32.add (i32.add (local.get $packed) (i32.mul (local.get $stride) (i32.const ${g}))) (local.get $row))))`,
    );
    for (let j = 0; j < 4; j++) {
      const bin = `(i32.and (i32.shr_u (local.get $w) (i32.const ${8 * j})) (i32.const 255))`;
      body.push(
        `(local.set $a (i32.add (local.get $sums) (i32.shl (i32.add (i32.const ${(4 * g + j) * 256}) ${bin}) (i32.const 3))))`,
        '(f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $v)))',
      );
    }
  }
  return `(module
  (import "env" "mem" (memory 1 65536 shared))
  (func (export "kernel") (param $sums i32) (param $packed i32) (param $nRows i32) (param $rows i32) (param $m i32) (param $ordered i32)
    (local $k i32) (local $row i32) (local $stride i32) (local $w i32) (local $v f64) (local $a i32)
    (local.set $stride (i32.shl (local.get $nRows) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $k) (local.get $m)))
      (local.set $row (i32.shl (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2)))
      (local.set $v (f64.load (i32.add (local.get $ordered) (i32.shl (local.get $k) (i32.const 3)))))
      ${body.join('\n      ')}
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next)))))`;
}

const work = mkdtempSync(join(tmpdir(), 'prefetch-'));
try {
  const pages = Math.ceil((n * 4 * GROUPS + n * 4 + n * 8 + FEATURES * 256 * 8) / 65536) + 1;
  const memory = new Wasm.Memory({ initial: pages, maximum: 65536, shared: true });
  let wasmKernel: ((...args: number[]) => void) | null = null;
  writeFileSync(join(work, 'kernel.wat'), kernelWat());
  const wat = spawnSync('wat2wasm', ['--enable-threads', 'kernel.wat', '-o', 'kernel.wasm'], { cwd: work });
  if (wat.status === 0) {
    const { instance } = await Wasm.instantiate(readFileSync(join(work, 'kernel.wasm')), {
      env: { mem: memory },
    });
    wasmKernel = instance.exports.kernel as (...args: number[]) => void;
  } else console.log('wat2wasm not found (apt-get install wabt): no WebAssembly column.');

  // Everything in the WebAssembly memory, so both kernels read the very same bytes.
  let next = 0;
  const place = (bytes: number) => {
    const at = next;
    next += Math.ceil(bytes / 64) * 64;
    return at;
  };
  const packedAt = place(n * 4 * GROUPS);
  const rowsAt = place(n * 4);
  const orderedAt = place(n * 8);
  const sumsAt = place(FEATURES * 256 * 8);
  const packed = new Uint32Array(memory.buffer, packedAt, n * GROUPS);
  const rows = new Int32Array(memory.buffer, rowsAt, n);
  const ordered = new Float64Array(memory.buffer, orderedAt, n);
  const wasmSums = new Float64Array(memory.buffer, sumsAt, FEATURES * 256);
  const jsSums = new Float64Array(FEATURES * 256);
  const rng = createRng(3);
  for (let i = 0; i < packed.length; i++) packed[i] = Math.floor(rng() * 2 ** 32) >>> 0;
  for (let i = 0; i < n; i++) ordered[i] = Math.round((rng() - 0.5) * 60) * 2 ** 26 + Math.round(rng() * 30);
  const junk = new Float64Array(16 * 1024 * 1024);
  let sink = 0;
  /** Median of nine timings, each after streaming 128 MB so that the node's rows start cold. */
  const nsPerUpdate = (m: number, kernel: () => void) => {
    kernel();
    const times: number[] = [];
    for (let r = 0; r < 9; r++) {
      for (let i = 0; i < junk.length; i += 8) sink += junk[i]++;
      const t0 = performance.now();
      kernel();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return (times[4] * 1e6) / (m * FEATURES);
  };
  console.log('| node density | rows | JavaScript ns/update | WebAssembly ns/update | same sums |');
  console.log('|---:|---:|---:|---:|---|');
  for (const density of DENSITIES) {
    let m = 0;
    for (let i = 0; i < n; i++) if (density === 1 || rng() < density) rows[m++] = i;
    jsSums.fill(0);
    wasmSums.fill(0);
    const js = nsPerUpdate(m, () =>
      accumulatePackedSums({
        sums: jsSums,
        packed,
        nRows: n,
        groupFrom: 0,
        groupTo: GROUPS,
        rows,
        start: 0,
        end: m,
        ordered0: ordered,
      }),
    );
    const wasm = wasmKernel
      ? nsPerUpdate(m, () => wasmKernel(sumsAt, packedAt, n, rowsAt, m, orderedAt))
      : NaN;
    const same = wasmKernel ? jsSums.every((v, i) => v === wasmSums[i]) : '–';
    console.log(`| ${density} | ${m} | ${js.toFixed(2)} | ${wasm.toFixed(2)} | ${same} |`);
  }
  if (sink === -1) console.log(sink); // keeps the cache flush from being optimised away

  const cc = spawnSync('g++', [
    '-O2',
    '-march=native',
    '-o',
    join(work, 'kernel'),
    join(import.meta.dirname, 'kernel.cc'),
  ]);
  if (cc.status === 0) {
    console.log('');
    console.log(spawnSync(join(work, 'kernel'), { encoding: 'utf8' }).stdout.trim());
  } else console.log('g++ not found: no C++ reference.');
} finally {
  rmSync(work, { recursive: true, force: true });
}
