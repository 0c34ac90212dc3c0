/**
 * Ingest benchmark: a simulated log of ≥ 200 MB (generated once under .tmp/bench/ if absent), timed
 * in the same run as a baseline that reads the file and counts newlines without parsing:
 *   1. baseline: read + count newlines (native Buffer.indexOf, the floor of any line reader)
 *   2. read + a JS loop touching every byte (the floor of any parser written in JS)
 *   3. parse only (parseLogFile, no-op callback)
 *   4. parse + session rebuild + labels + features of every prefix (no writing)
 *   5. data:prepare end to end: `--threads 1` (two passes on this thread), the threaded pipeline on
 *      1 worker thread (pieces, parsed once: the same work as 2 threads, for the scaling), and on 2
 *   6. npm run score end to end: both committed default models on every page, CSV out
 *   7. the pandas ETL peer (bench/peers/pandas_etl.py: read the ';' file, split the list cells,
 *      aggregate per page) when /usr/bin/python3 has pandas, with prepare's speed-up over it
 * `--prepare-only` runs the baseline, the three prepare steps and pandas (the issue 15 figures) in
 * rounds: each round runs every step once, so each round gives ratios measured minutes apart at
 * most, and the ratios reported are the medians over rounds (robust to the load of a shared machine).
 * It ends with the Amdahl bound on 2 idle cores: pass 1's CPU seconds shared by both, the table alone.
 * Each step runs `--repeat` times (medians of wall and of CPU time). Throughput is given per wall
 * second and per CPU second (user + system of this process, all threads): on a shared machine the
 * CPU figure is the one that compares.
 *
 *   npm run bench:ingest [-- --file PATH] [--min-mb 200] [--repeat 3] [--skip-prepare | --prepare-only]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLogFile } from '../src/data/parse/index.ts';
import { computeSessionLabels, createSessionLabels, SessionRebuilder } from '../src/data/sessions/index.ts';
import { writeSimulatedLog } from '../src/data/simulator/writeSimulatedLog.ts';
import {
  DEFAULT_SPLIT_FRACTIONS,
  prepareDataset,
  SessionFeaturizer,
  scanOnThreads,
} from '../src/dataset/index.ts';
import { FEATURE_NAMES } from '../src/features/index.ts';
import { scoreLog } from '../src/scoring/index.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: '.tmp/bench/ingest-log.txt' },
    'min-mb': { type: 'string', default: '200' },
    repeat: { type: 'string', default: '3' },
    'skip-prepare': { type: 'boolean', default: false },
    'prepare-only': { type: 'boolean', default: false },
  },
});
const file = values.file;
const minBytes = Number(values['min-mb']) * 1e6;
const repeat = Math.max(1, Number(values.repeat));

if (!existsSync(file) || statSync(file).size < minBytes) {
  // ~6.9 KB of log per simulated session; 10 % margin so one generation is enough.
  const sessions = Math.ceil((minBytes * 1.1) / 6900);
  process.stdout.write(`generating ${file} (${sessions} sessions, ≥ ${minBytes / 1e6} MB)…\n`);
  await writeSimulatedLog({ outPath: file, sessions, seed: 2024 });
}
const bytes = statSync(file).size;

interface Timing {
  wallS: number;
  cpuS: number;
  pages: number;
}

/** Median wall and median CPU time over `repeat` runs: threads show in wall time, so both matter. */
async function measure(run: () => Promise<number>): Promise<Timing> {
  const runs: Timing[] = [];
  for (let r = 0; r < repeat; r++) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    const pages = await run();
    const cpu = process.cpuUsage(cpuStart);
    runs.push({ wallS: (performance.now() - wallStart) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, pages });
  }
  return medianTiming(runs);
}

function medianTiming(runs: readonly Timing[]): Timing {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    wallS: median(runs.map((timing) => timing.wallS)),
    cpuS: median(runs.map((timing) => timing.cpuS)),
    pages: runs[0].pages,
  };
}

async function readAndCountNewlines(): Promise<number> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let lines = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return lines;
      const chunk = buffer.subarray(0, bytesRead);
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    }
  } finally {
    await handle.close();
  }
}

/** Touch every byte in a JS loop (count digits): the floor of any parser written in JS. */
async function readAndTouchEveryByte(): Promise<number> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let digits = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return digits;
      for (let i = 0; i < bytesRead; i++) {
        const digit = buffer[i] - 48;
        if (digit >= 0 && digit <= 9) digits++;
      }
    }
  } finally {
    await handle.close();
  }
}

async function parseOnly(): Promise<number> {
  let pages = 0;
  await parseLogFile(file, () => {
    pages++;
  });
  return pages;
}

async function parseSessionsFeatures(): Promise<number> {
  const featurizer = new SessionFeaturizer();
  const labels = createSessionLabels(12);
  let rows = 0;
  let checksum = 0;
  const rebuilder = new SessionRebuilder((pages, count) => {
    computeSessionLabels(pages, count, labels);
    for (let t = 0; t < count; t++)
      checksum += featurizer.featurize(pages, t)[0] + labels.remainingRevenue[t];
    rows += count;
  });
  await parseLogFile(file, (page) => rebuilder.push(page));
  rebuilder.endInput();
  if (Number.isNaN(checksum)) throw new Error('bench: NaN in features');
  return rows;
}

/** Wall and CPU seconds of prepare's two phases (scan / table) in each run of a step, for the Amdahl arithmetic. */
interface Phases {
  scan: number[];
  table: number[];
  scanCpu: number[];
  tableCpu: number[];
}
const phaseSeconds = new Map<string, Phases>();
function recordPhases(
  step: string,
  seconds: { scan: number; table: number },
  cpuSeconds: { scan: number; table: number },
): void {
  const phases = phaseSeconds.get(step) ?? { scan: [], table: [], scanCpu: [], tableCpu: [] };
  phases.scan.push(seconds.scan);
  phases.table.push(seconds.table);
  phases.scanCpu.push(cpuSeconds.scan);
  phases.tableCpu.push(cpuSeconds.table);
  phaseSeconds.set(step, phases);
}

const cpuSecondsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};

function prepareEndToEnd(step: string, threads: number): () => Promise<number> {
  return async function prepareOnThreads() {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
    try {
      const report = await prepareDataset({ inputs: [file], outDir, threads });
      if (report.threads !== threads)
        throw new Error(`bench: prepare ran ${report.threads} threads, not ${threads}`);
      recordPhases(step, report.seconds, report.cpuSeconds);
      return report.manifest.rows;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  };
}

/**
 * The threaded pipeline (pieces, parsed once, rows written by this thread) on ONE worker thread:
 * the same work as `--threads 2`, so the pair gives the scaling from one core to two.
 * (`--threads 1` is another pipeline: both passes on this thread, no worker.)
 */
function preparePiecesOnOneWorker(step: string): () => Promise<number> {
  return async function prepareOnOneWorker() {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
    const startMs = performance.now();
    const startCpu = process.cpuUsage();
    const threaded = await scanOnThreads([file], { strict: false, threads: 1 });
    try {
      const scanS = (performance.now() - startMs) / 1000;
      const scanCpu = cpuSecondsSince(startCpu);
      const written = await threaded.writeFeatureTable({
        outPath: join(outDir, 'features.arrow'),
        featureNames: FEATURE_NAMES,
        fractions: DEFAULT_SPLIT_FRACTIONS,
        hasOracle: threaded.scan.inputs.every((input) => input.oraclePath !== null),
      });
      recordPhases(
        step,
        { scan: scanS, table: (performance.now() - startMs) / 1000 - scanS },
        { scan: scanCpu, table: cpuSecondsSince(startCpu) - scanCpu },
      );
      return written.rows;
    } finally {
      await threaded.close();
      rmSync(outDir, { recursive: true, force: true });
    }
  };
}

const hasPandas = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import pandas'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** One run of the pandas peer, timed by itself (interpreter start and imports excluded). */
async function pandasEtl(): Promise<Timing> {
  const out = execFileSync('/usr/bin/python3', ['bench/peers/pandas_etl.py', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const { seconds, cpuSeconds, pages } = JSON.parse(out) as {
    seconds: number;
    cpuSeconds: number;
    pages: number;
  };
  return { wallS: seconds, cpuS: cpuSeconds, pages };
}

async function scoreEndToEnd(): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-score-'));
  try {
    const report = await scoreLog({
      input: file,
      out: join(outDir, 'scores.csv'),
      modelsDir: 'models',
      level: 0.8,
    });
    return report.pages;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const PREPARE_1 = 'data:prepare --threads 1 (two passes on this thread)';
const PREPARE_WORKER = 'data:prepare pipeline on 1 worker thread (pieces, parsed once)';
const PREPARE_2 = 'data:prepare --threads 2 (pieces, parsed once)';
const PANDAS = 'pandas ETL peer (read, split lists, aggregate per page)';
const prepareOnly = values['prepare-only'];
const steps: [string, () => Promise<number>][] = [['baseline: read + count newlines', readAndCountNewlines]];
if (!prepareOnly) {
  steps.push(['read + touch every byte in JS (no parsing)', readAndTouchEveryByte]);
  steps.push(['parse only', parseOnly]);
  steps.push(['parse + sessions + labels + features', parseSessionsFeatures]);
}
// Run in rounds (each step once a round) so each round's ratios come from runs seconds apart.
const rounds: [string, () => Promise<Timing>][] = [];
const once = (run: () => Promise<number>) => async (): Promise<Timing> => {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const pages = await run();
  const cpu = process.cpuUsage(cpuStart);
  return { wallS: (performance.now() - wallStart) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, pages };
};
if (!values['skip-prepare']) {
  rounds.push([PREPARE_1, once(prepareEndToEnd(PREPARE_1, 1))]);
  rounds.push([PREPARE_WORKER, once(preparePiecesOnOneWorker(PREPARE_WORKER))]);
  rounds.push([PREPARE_2, once(prepareEndToEnd(PREPARE_2, 2))]);
  if (hasPandas) rounds.push([PANDAS, pandasEtl]);
}

/** Runnable threads right now, machine-wide (the 4th field of /proc/loadavg, minus this reader); '?' elsewhere. */
function runnableNow(): string {
  try {
    return String(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3].split('/')[0]) - 1);
  } catch {
    return '?';
  }
}
const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
process.stdout.write(
  `file ${file}: ${(bytes / 1e6).toFixed(1)} MB, median of ${repeat}, ${availableParallelism()} cores, ` +
    `load average ${loadAverage()} (1, 5, 15 min) at ${new Date().toISOString()}\n\n`,
);
const header = '| step | MB/s wall | MB/s CPU | pages/s CPU | CPU time vs baseline |';
process.stdout.write(`${header}\n|---|---:|---:|---:|---:|\n`);
let baselineCpuS = 0;
const row = (name: string, timing: Timing) => {
  const mbWall = bytes / 1e6 / timing.wallS;
  const mbCpu = bytes / 1e6 / timing.cpuS;
  const pagesPerS =
    name.startsWith('baseline') || name.startsWith('read')
      ? '–'
      : Math.round(timing.pages / timing.cpuS).toLocaleString('en');
  process.stdout.write(
    `| ${name} | ${mbWall.toFixed(1)} | ${mbCpu.toFixed(1)} | ${pagesPerS} | ${(timing.cpuS / baselineCpuS).toFixed(1)}× |\n`,
  );
};
for (const [name, run] of steps) {
  const timing = await measure(run);
  if (baselineCpuS === 0) baselineCpuS = timing.cpuS;
  row(name, timing);
}
const perRound = new Map<string, Timing[]>(rounds.map(([name]) => [name, []]));
// Runnable threads machine-wide at each round's start (from /proc/loadavg): how contended it was.
const roundLoad: string[] = [];
for (let r = 0; r < repeat; r++) {
  roundLoad.push(runnableNow());
  for (const [name, run] of rounds) (perRound.get(name) as Timing[]).push(await run());
}
for (const [name, runs] of perRound) row(name, medianTiming(runs));
if (!values['skip-prepare'] && !hasPandas)
  process.stdout.write('| pandas ETL peer | – | – | – | /usr/bin/python3 has no pandas |\n');
if (!prepareOnly) row('npm run score end to end (both default models, CSV)', await measure(scoreEndToEnd));

// CPU seconds include every thread of this process, so threads show in wall time: compare wall.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratios = (over: string, under: string) => {
  const a = perRound.get(over) as Timing[];
  const b = perRound.get(under) as Timing[];
  const each = a.map((timing, r) => timing.wallS / b[r].wallS);
  return `${median(each).toFixed(2)}× (rounds: ${each.map((ratio) => ratio.toFixed(2)).join(', ')})`;
};
if (!values['skip-prepare']) {
  process.stdout.write(
    `\nwall-time ratios, median over rounds (each round: every step once; runnable threads at each round's start: ${roundLoad.join(', ')}):\n`,
  );
  process.stdout.write(`- pipeline, 2 threads vs 1 worker thread: ${ratios(PREPARE_WORKER, PREPARE_2)}\n`);
  process.stdout.write(`- 2 threads vs --threads 1: ${ratios(PREPARE_1, PREPARE_2)}\n`);
  if (hasPandas) {
    process.stdout.write(`- prepare --threads 2 vs pandas ETL: ${ratios(PANDAS, PREPARE_2)} (goal ≥ 5×)\n`);
    process.stdout.write(`- prepare --threads 1 vs pandas ETL: ${ratios(PANDAS, PREPARE_1)}\n`);
  }
  process.stdout.write(
    '\nphases (wall s, medians): scan = pass 1 (on threads: also the kept rows), table = pass 2 + Arrow\n',
  );
  for (const [name, phases] of phaseSeconds)
    process.stdout.write(
      `- ${name}: scan ${median(phases.scan).toFixed(3)} s (${median(phases.scanCpu).toFixed(3)} CPU s), ` +
        `table ${median(phases.table).toFixed(3)} s (${median(phases.tableCpu).toFixed(3)} CPU s)\n`,
    );
  // Amdahl on idle cores: pass 1 shares its CPU seconds over the cores at best; the table runs on the
  // main thread alone (its wall or its CPU, whichever is smaller: under load the wall is inflated).
  const two = phaseSeconds.get(PREPARE_2);
  const pandasRuns = perRound.get(PANDAS);
  if (two !== undefined && pandasRuns !== undefined) {
    const cores = 2;
    const pass1 = median(two.scanCpu) / cores;
    const table = Math.min(median(two.table), median(two.tableCpu));
    const pandasCpu = median(pandasRuns.map((timing) => timing.cpuS));
    process.stdout.write(
      `\nAmdahl bound on ${cores} idle cores: pass 1 ${median(two.scanCpu).toFixed(2)} CPU s / ${cores} + table ${table.toFixed(2)} s = ` +
        `${(pass1 + table).toFixed(2)} s at best, against pandas' ${pandasCpu.toFixed(2)} CPU s: ≤ ${(pandasCpu / (pass1 + table)).toFixed(2)}×\n`,
    );
  }
}
process.stdout.write(`\nload average at the end: ${loadAverage()}\n`);
