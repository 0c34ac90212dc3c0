/**
 * Ingest benchmark: a simulated log of ≥ 200 MB (generated once under .tmp/bench/ if absent), timed
 * in the same run as a baseline that reads the file and counts newlines without parsing:
 *   1. baseline: read + count newlines (native Buffer.indexOf, the floor of any line reader)
 *   2. read + a JS loop touching every byte (the floor of any parser written in JS)
 *   3. parse only (parseLogFile, no-op callback)
 *   4. parse + session rebuild + labels + features of every prefix (no writing)
 *   5. data:prepare end to end (two passes and the Arrow file), featurize on 1 thread, then on 2
 *   6. npm run score end to end: both committed default models on every page, CSV out
 *   7. the pandas ETL peer (bench/peers/pandas_etl.py: read the ';' file, split the list cells,
 *      aggregate per page) when /usr/bin/python3 has pandas, with prepare's speed-up over it
 * `--prepare-only` runs the baseline, the two prepare steps and pandas (the issue 15 figures).
 * Each step runs `--repeat` times (medians of wall and of CPU time). Throughput is given per wall second and per CPU second
 * (user + system of this process): on a shared machine the CPU figure is the one that compares.
 *
 *   npm run bench:ingest [-- --file PATH] [--min-mb 200] [--repeat 3] [--skip-prepare | --prepare-only]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLogFile } from '../src/data/parse/index.ts';
import { computeSessionLabels, createSessionLabels, SessionRebuilder } from '../src/data/sessions/index.ts';
import { writeSimulatedLog } from '../src/data/simulator/writeSimulatedLog.ts';
import { prepareDataset, SessionFeaturizer } from '../src/dataset/index.ts';
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

function prepareEndToEnd(threads: number): () => Promise<number> {
  return async function prepareOnThreads() {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
    try {
      const report = await prepareDataset({ inputs: [file], outDir, threads });
      if (report.threads !== threads)
        throw new Error(`bench: prepare ran ${report.threads} threads, not ${threads}`);
      return report.manifest.rows;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  };
}

/** The pandas peer, timed by itself (interpreter start and imports excluded); null without pandas. */
function pandasEtl(): Timing | null {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import pandas'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const runs: Timing[] = [];
  for (let r = 0; r < repeat; r++) {
    const out = execFileSync('/usr/bin/python3', ['bench/peers/pandas_etl.py', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const { seconds, cpuSeconds, pages } = JSON.parse(out) as {
      seconds: number;
      cpuSeconds: number;
      pages: number;
    };
    runs.push({ wallS: seconds, cpuS: cpuSeconds, pages });
  }
  return medianTiming(runs);
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

const PREPARE_1 = 'data:prepare end to end (2 passes + Arrow), 1 thread';
const PREPARE_2 = 'data:prepare end to end, featurize on 2 threads';
const prepareOnly = values['prepare-only'];
const steps: [string, () => Promise<number>][] = [['baseline: read + count newlines', readAndCountNewlines]];
if (!prepareOnly) {
  steps.push(['read + touch every byte in JS (no parsing)', readAndTouchEveryByte]);
  steps.push(['parse only', parseOnly]);
  steps.push(['parse + sessions + labels + features', parseSessionsFeatures]);
}
if (!values['skip-prepare']) {
  steps.push([PREPARE_1, prepareEndToEnd(1)]);
  steps.push([PREPARE_2, prepareEndToEnd(2)]);
}
if (!prepareOnly) steps.push(['npm run score end to end (both default models, CSV)', scoreEndToEnd]);

process.stdout.write(`file ${file}: ${(bytes / 1e6).toFixed(1)} MB, median of ${repeat}\n\n`);
const header = '| step | MB/s wall | MB/s CPU | pages/s CPU | CPU time vs baseline |';
process.stdout.write(`${header}\n|---|---:|---:|---:|---:|\n`);
let baselineCpuS = 0;
const timings = new Map<string, Timing>();
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
  timings.set(name, timing);
  row(name, timing);
}
const pandas = pandasEtl();
if (pandas !== null) row('pandas ETL peer (read, split lists, aggregate per page)', pandas);
else process.stdout.write('| pandas ETL peer | – | – | – | /usr/bin/python3 has no pandas |\n');

// CPU seconds include every thread of this process, so threads show in wall time: compare wall.
const one = timings.get(PREPARE_1);
const two = timings.get(PREPARE_2);
if (one !== undefined && two !== undefined) {
  process.stdout.write(`\nprepare, 2 threads vs 1: ${(one.wallS / two.wallS).toFixed(2)}× wall\n`);
  if (pandas !== null) {
    process.stdout.write(
      `prepare vs pandas ETL (wall, same file, same run): 1 thread ${(pandas.wallS / one.wallS).toFixed(2)}×, ` +
        `2 threads ${(pandas.wallS / two.wallS).toFixed(2)}× (goal ≥ 5×)\n`,
    );
  }
}
