/**
 * Customer-value benchmark (issue 13): each step timed `--repeat` times in this process (median kept),
 * wall and CPU seconds, next to a baseline measured in the same run:
 *   1. Online Retail (541,909 lines, gzip): the full reader vs reading and splitting its lines alone
 *   2. 1,000,000 simulated customers: summary at the cut-off, BG/NBD + Gamma-Gamma fit, scoring
 *      (P(alive), expected purchases and spend over 90 days, 12-period CLV) vs one pass of the BG/NBD
 *      log-likelihood (the unit a fit is made of); the Pareto/NBD fit of the same customers beside
 *      BG/NBD's alone
 *   3. memory: heap + array buffers after summarising 250k, 500k and 1M customers (bytes per customer)
 *   4. a lifetimes-style peer (NumPy + SciPy BFGS on the same likelihood) when /usr/bin/python3 has them
 *
 *   npm run bench:clv [-- --customers 1000000] [--repeat 3] [--out bench/results/clv.md]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { customerTimelines, summarizeCustomers } from '../src/customers/index.ts';
import {
  BgNbdModel,
  bgNbdConditionalExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  GammaGammaModel,
  gammaGammaExpectedSpend,
  lifetimeValue,
  ParetoNbdModel,
} from '../src/ml/index.ts';
import {
  datasetPath,
  PUBLIC_DATASETS,
  readTransactions,
  simulateTransactions,
} from '../src/transactions/index.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '3' },
    out: { type: 'string' },
  },
});
const customers = Number(values.customers);
const repeat = Math.max(1, Number(values.repeat));

interface Timing {
  wallS: number;
  cpuS: number;
}

async function measure(run: () => unknown): Promise<Timing> {
  const runs: Timing[] = [];
  for (let r = 0; r < repeat; r++) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await run();
    const used = process.cpuUsage(cpu);
    runs.push({ wallS: (performance.now() - wall) / 1000, cpuS: (used.user + used.system) / 1e6 });
  }
  runs.sort((a, b) => a.wallS - b.wallS);
  return runs[Math.floor(runs.length / 2)]!;
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const row = (name: string, t: Timing, goal: string, extra = '') =>
  say(`| ${name} | ${t.wallS.toFixed(2)} | ${t.cpuS.toFixed(2)} | ${goal} | ${extra} |`);

say(`# bench:clv — ${new Date().toISOString()}, Node ${process.version}, median of ${repeat}`);
say('');
say('| step | wall s | CPU s | goal | note |');
say('|---|---:|---:|---|---|');

const retail = datasetPath(PUBLIC_DATASETS['online-retail'].file);
if (existsSync(retail)) {
  const baseline = await measure(async () => {
    let count = 0;
    let carry = '';
    for await (const chunk of createReadStream(retail, { highWaterMark: 1 << 20 }).pipe(
      createGunzip({ chunkSize: 1 << 20 }),
    )) {
      const text = carry + (chunk as Buffer).toString('utf8');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        text.slice(start, nl);
        count++;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    return count;
  });
  row('baseline: gunzip + split Online Retail into lines', baseline, '', '');
  const read = await measure(() => readTransactions(retail, { format: 'online-retail' }));
  row(
    'read Online Retail (541,909 lines → 18,536 invoices)',
    read,
    '≤ 2 s',
    `${(read.wallS / baseline.wallS).toFixed(1)}× the baseline`,
  );
} else {
  say(`| read Online Retail | – | – | ≤ 2 s | skipped: ${retail} is absent |`);
}

const { log, params } = simulateTransactions({ customers, seed: 2026 });
const calibrationEnd = params.startDay + params.observationDays - 1;
let summary = summarizeCustomers(log, { calibrationEnd, timeUnit: 'weeks' });
const summaryTime = await measure(() => {
  summary = summarizeCustomers(log, { calibrationEnd, timeUnit: 'weeks', timelines: customerTimelines(log) });
});
row(
  `summary of ${customers.toLocaleString('en-US')} customers (${log.length.toLocaleString('en-US')} transactions)`,
  summaryTime,
  '',
  '',
);
const start = new BgNbdModel().fit({
  x: summary.x.subarray(0, 1000),
  tx: summary.tx.subarray(0, 1000),
  T: summary.T.subarray(0, 1000),
}).parameters;
const likelihood = await measure(() => bgNbdLogLikelihood(start, summary, undefined, new Float64Array(4)));
row('baseline: one BG/NBD log-likelihood + gradient pass', likelihood, '', '');
let bgnbd = new BgNbdModel();
let gg = new GammaGammaModel();
const fit = await measure(() => {
  bgnbd = new BgNbdModel().fit(summary);
  gg = new GammaGammaModel().fit(summary);
});
const iterations = bgnbd.toJSON().state.iterations + gg.toJSON().state.iterations;
row(
  'fit BG/NBD + Gamma-Gamma',
  fit,
  '≤ 10 s',
  `${(fit.wallS / likelihood.wallS).toFixed(0)}× one pass; ${iterations} BFGS iterations`,
);
const bgnbdAlone = await measure(() => new BgNbdModel().fit(summary));
row('fit BG/NBD alone', bgnbdAlone, '', `${bgnbd.toJSON().state.iterations} BFGS iterations`);
let pnbd = new ParetoNbdModel();
const paretoFit = await measure(() => {
  pnbd = new ParetoNbdModel().fit(summary);
});
row(
  'fit Pareto/NBD (same customers)',
  paretoFit,
  '',
  `${(paretoFit.wallS / bgnbdAlone.wallS).toFixed(1)}× BG/NBD alone; ${pnbd.toJSON().state.iterations} BFGS iterations`,
);
const n = summary.x.length;
const out = {
  alive: new Float64Array(n),
  purchases: new Float64Array(n),
  spend: new Float64Array(n),
  clv: new Float64Array(n),
};
const score = await measure(() => {
  const b = bgnbd.parameters;
  const g = gg.parameters;
  for (let i = 0; i < n; i++) {
    const x = summary.x[i]!;
    const spendPerPurchase = gammaGammaExpectedSpend(g, x, summary.zbar[i]!);
    out.alive[i] = bgNbdProbabilityAlive(b, x, summary.tx[i]!, summary.T[i]!);
    out.purchases[i] = bgNbdConditionalExpectedPurchases(b, 90 / 7, x, summary.tx[i]!, summary.T[i]!);
    out.spend[i] = out.purchases[i]! * spendPerPurchase;
    out.clv[i] = lifetimeValue(b, spendPerPurchase, x, summary.tx[i]!, summary.T[i]!, {
      horizon: 52,
      periods: 12,
    });
  }
});
row(
  'score: P(alive), 90-day purchases and spend, 12-period CLV',
  score,
  '≤ 5 s',
  `${((score.wallS / n) * 1e6).toFixed(2)} µs per customer`,
);
const b = bgnbd.parameters;
const g = gg.parameters;
const pn = pnbd.toJSON().state;
say('');
say(
  `Fitted on ${n.toLocaleString('en-US')} simulated customers (truth r 0.25, α 4.5, a 0.8, b 2.5; p 6, q 4, v 15): r ${b.r.toFixed(4)}, α ${b.alpha.toFixed(4)}, a ${b.a.toFixed(4)}, b ${b.b.toFixed(4)}; p ${g.p.toFixed(4)}, q ${g.q.toFixed(4)}, v ${g.v.toFixed(4)}.`,
);
say(
  `Pareto/NBD on the same (BG/NBD-drawn) customers: r ${pn.r.toFixed(4)}, α ${pn.alpha.toFixed(4)}, s ${pn.s.toFixed(4)}, β ${pn.beta.toFixed(4)}, log-likelihood ${pn.logLikelihood.toFixed(0)} vs BG/NBD's ${bgnbd.toJSON().state.logLikelihood.toFixed(0)}.`,
);

say('');
say('| customers | heap + array buffers after the summary, MB | bytes per customer |');
say('|---:|---:|---:|');
for (const size of [250_000, 500_000, 1_000_000].filter((s) => s <= customers)) {
  const sub = simulateTransactions({ customers: size, seed: 7 });
  globalThis.gc?.();
  const before = process.memoryUsage();
  const s = summarizeCustomers(sub.log, {
    calibrationEnd: sub.params.startDay + sub.params.observationDays - 1,
  });
  globalThis.gc?.();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  say(`| ${size.toLocaleString('en-US')} | ${(bytes / 1e6).toFixed(0)} | ${(bytes / size).toFixed(0)} |`);
  if (s.x.length !== size) throw new Error('summary lost customers');
}

const python = '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
say('');
if (probe.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-clv-'));
  const csv = join(dir, 'summary.csv');
  let text = 'x,tx,T\n';
  for (let i = 0; i < n; i++) text += `${summary.x[i]},${summary.tx[i]},${summary.T[i]}\n`;
  writeFileSync(csv, text);
  const peer = spawnSync(python, ['bench/peers/bgnbd_peer.py', csv], { encoding: 'utf8' });
  say(
    `Peer (lifetimes-style NumPy/SciPy BFGS on the same ${n.toLocaleString('en-US')} customers): ${peer.stdout.trim() || peer.stderr.trim().split('\n').at(-1)}`,
  );
  say(`Ours: BG/NBD alone ${bgnbdAlone.wallS.toFixed(2)} s (median above).`);
  rmSync(dir, { recursive: true, force: true });
} else {
  say(
    'No peer: /usr/bin/python3 lacks NumPy/SciPy (lifetimes itself is not installed); the figures stand alone.',
  );
}
if (values.out) writeFileSync(values.out, `${lines.join('\n')}\n`);
