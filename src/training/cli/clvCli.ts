import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseDaysOption, parseNumberOption } from '../../cli/numberOptions.ts';
import { consoleProgress, type TrainingProgress } from '../../cli/progress.ts';
import { type CliIo, PROCESS_IO, parseCommandLine, UsageError, withExitCodes } from '../../cli/usage.ts';
import {
  CUSTOMER_FEATURE_NAMES,
  CUSTOMER_FEATURE_VERSION,
  customerTimelines,
  summarizeCustomers,
  type TimeUnit,
} from '../../customers/index.ts';
import { CustomerValuePredictor } from '../../ml/index.ts';
import {
  CUSTOMER_TASK,
  loadModelBundle,
  openWorkingRegistry,
  readProductionPointer,
  versionDir,
} from '../../registry/index.ts';
import { DEFAULT_SEGMENT_CONFIG_PATH, loadSegmentConfig } from '../../segments/index.ts';
import {
  formatDay,
  formatReadSummary,
  parseIsoDateOption,
  readTransactionInput,
  TRANSACTION_INPUT_FLAGS,
  TRANSACTION_INPUT_HELP,
} from '../../transactions/index.ts';
import {
  CUSTOMER_SCORE_NAMES,
  comparisonVerdict,
  customerDesign,
  customerFeatureMatrix,
  DEFAULT_LIFETIME,
  horizonMetrics,
  paretoNbdVerdict,
  scoreCustomers,
  trainCustomerValue,
  writeCustomerValueVersion,
} from '../clv/index.ts';
import { gitCommit } from '../run/codeVersion.ts';

export const CLV_HELP = `Usage: npm run clv -- fit|score|report [options]

Customer lifetime value from a transaction log (docs/clv.md).

  fit     fit BG/NBD × Gamma-Gamma and the supervised 90-day models, compare them on the holdout after
          --calibration-end, write a version under models/customer-value/<version>/ (model.json,
          metrics.json, reference.json, report.md with SVG figures); Pareto/NBD is fitted beside
          BG/NBD and compared in the report (the served model stays BG/NBD)
  score   score every customer at --calibration-end (default: the last day of the data) with the
          production model (or --version): one CSV row per customer to --out (default stdout)
  report  judge the production model (or --version) on the holdout after --calibration-end of this
          input: the comparison table, as text or --json

${TRANSACTION_INPUT_HELP}

Options:
  --calibration-end DATE  YYYY-MM-DD, included in the calibration period (fit, report: required)
  --horizon N             days (90d) or weeks (13w) after the cut-off                default 90d
  --time-unit U           weeks | days: unit of tₓ and T (fit)                      default weeks
  --clv-horizon N         lifetime value horizon (fit)                              default 365d
  --margin M              profit margin on spend, (0, 1] (fit)                      default 1
  --discount-rate D       per 30-day period (fit)                                   default 0.01
  --models DIR            model registry (MODELS_DIR)            default var/models, seeded from models/
  --version V             a registered version instead of production (score, report)
  --promote               point production at the new version (fit; default: only when none)
  --no-promote            never move production (fit)
  --out FILE              score: the CSV file to write
  --seed N                seed of the supervised models and the mixture (fit)       default 7
  --segment-config FILE   thresholds and mixture of the stored segments (fit)       default config/segments.json
  --json                  print the result as JSON on stdout
  -h, --help              show this help

Exit codes: 0 done, 1 failure (bad data, missing model), 2 bad usage.`;

const FLAGS = {
  ...TRANSACTION_INPUT_FLAGS,
  'calibration-end': { type: 'string' },
  horizon: { type: 'string', default: '90d' },
  'time-unit': { type: 'string', default: 'weeks' },
  'clv-horizon': { type: 'string', default: '365d' },
  margin: { type: 'string', default: '1' },
  'discount-rate': { type: 'string', default: '0.01' },
  models: { type: 'string' },
  version: { type: 'string' },
  promote: { type: 'boolean', default: false },
  'no-promote': { type: 'boolean', default: false },
  out: { type: 'string' },
  seed: { type: 'string', default: '7' },
  'segment-config': { type: 'string', default: DEFAULT_SEGMENT_CONFIG_PATH },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flags = ReturnType<typeof parseCommandLine<typeof FLAGS, true>>['values'];

/**
 * The clv command: `fit`, `score` or `report`. Returns the exit code.
 *
 * @example
 * process.exitCode = await runClvCli(['fit', '--dataset', 'cdnow-master', '--calibration-end', '1997-12-31']);
 */
export async function runClvCli(
  argv: string[],
  io: CliIo = PROCESS_IO,
  progress: TrainingProgress = consoleProgress(),
): Promise<number> {
  return withExitCodes('clv', io, async () => {
    const { values: flags, positionals } = parseCommandLine({
      args: argv,
      options: FLAGS,
      allowPositionals: true,
    });
    if (flags.help) {
      io.stdout(CLV_HELP);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}".`);
    if (command === 'fit') return fitCommand(flags, argv, io, progress);
    if (command === 'score') return scoreCommand(flags, io);
    if (command === 'report') return reportCommand(flags, io);
    throw new UsageError(
      `the first argument must be fit, score or report; got ${command ? `"${command}"` : 'nothing'}.`,
    );
  });
}

async function fitCommand(
  flags: Flags,
  argv: string[],
  io: CliIo,
  progress: TrainingProgress,
): Promise<number> {
  if (flags.promote && flags['no-promote'])
    throw new UsageError('--promote and --no-promote contradict each other.');
  const timeUnit = flags['time-unit'];
  if (timeUnit !== 'weeks' && timeUnit !== 'days')
    throw new UsageError(`--time-unit must be weeks or days; got "${timeUnit}".`);
  const config = {
    calibrationEnd: requiredDate(flags),
    horizonDays: parseDaysOption(flags.horizon, '--horizon'),
    timeUnit: timeUnit as TimeUnit,
    lifetime: {
      ...DEFAULT_LIFETIME,
      horizonDays: parseDaysOption(flags['clv-horizon'], '--clv-horizon'),
      periods: Math.max(1, Math.round(parseDaysOption(flags['clv-horizon'], '--clv-horizon') / 30)),
      margin: parseNumberOption(flags.margin, '--margin', 1e-6, 1),
      discountRatePerPeriod: parseNumberOption(flags['discount-rate'], '--discount-rate', 0, 1),
    },
    seed: parseNumberOption(flags.seed, '--seed', 0, 2 ** 31),
    segments: loadSegmentConfig(flags['segment-config']),
  };
  const read = await readTransactionInput(flags);
  for (const line of formatReadSummary(read.summary)) progress.log(line);
  const run = trainCustomerValue(read.log, read.summary.lastDay!, config, progress);
  const written = writeCustomerValueVersion({
    modelsDir: openWorkingRegistry(flags.models),
    run,
    inputPath: read.path,
    read: read.summary,
    createdAt: new Date(),
    command: `npm run clv -- ${argv.join(' ')}`,
    codeVersion: gitCommit(),
    promote: flags.promote ? 'always' : flags['no-promote'] ? 'never' : 'if-none',
  });
  const bg = run.artifact.state.bgnbd.state;
  const gg = run.artifact.state.gammaGamma.state;
  const pnbd = run.paretoNbd.artifact.state;
  const result = {
    customers: run.design.holdout.summary.x.length,
    transactions: read.summary.transactions,
    rejected: read.summary.rejectedTotal,
    calibrationEnd: formatDay(config.calibrationEnd),
    horizonDays: config.horizonDays,
    timeUnit: config.timeUnit,
    bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood },
    gammaGamma: { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood, customers: gg.customers },
    paretoNbd: {
      r: pnbd.r,
      alpha: pnbd.alpha,
      s: pnbd.s,
      beta: pnbd.beta,
      logLikelihood: pnbd.logLikelihood,
      holdout: run.paretoNbd.metrics.paretoNbd,
    },
    holdout: run.metrics,
    // The named segments stored with the version (sizes among the holdout customers).
    segments: run.segmentation.profiles.segments.map(({ segment, customers, share, meanClv }) => ({
      segment,
      customers,
      share,
      meanClv,
    })),
    version: written.version,
    promoted: written.promoted,
    report: `${written.dir}/report.md`,
  };
  if (flags.json) {
    io.stdout(JSON.stringify(result, null, 2));
  } else {
    io.stdout(
      `customer-value ${written.version}${written.promoted ? ' (now in production)' : ''}: ${result.report}`,
    );
    io.stdout(
      `  BG/NBD r ${bg.r.toFixed(4)}, α ${bg.alpha.toFixed(4)}, a ${bg.a.toFixed(4)}, b ${bg.b.toFixed(4)}, log-likelihood ${bg.logLikelihood.toFixed(2)} (${result.customers} customers)`,
    );
    io.stdout(
      `  Gamma-Gamma p ${gg.p.toFixed(4)}, q ${gg.q.toFixed(4)}, v ${gg.v.toFixed(4)}, log-likelihood ${gg.logLikelihood.toFixed(2)} (${gg.customers} repeat buyers)`,
    );
    io.stdout(
      `  Pareto/NBD r ${pnbd.r.toFixed(4)}, α ${pnbd.alpha.toFixed(4)}, s ${pnbd.s.toFixed(4)}, β ${pnbd.beta.toFixed(4)}, log-likelihood ${pnbd.logLikelihood.toFixed(2)} (beside BG/NBD, not served)`,
    );
    io.stdout(`  ${comparisonVerdict(run)}`);
    io.stdout(
      `  segments: ${result.segments.map((s) => `${s.segment} ${s.customers} (${(100 * s.share).toFixed(1)} %)`).join(', ')}`,
    );
    io.stdout(`  ${paretoNbdVerdict(run.paretoNbd)}`);
  }
  return 0;
}

function loadCustomerVersion(flags: Flags): { version: string; predictor: CustomerValuePredictor } {
  const modelsDir = openWorkingRegistry(flags.models);
  const version = flags.version ?? readProductionPointer(modelsDir, CUSTOMER_TASK)?.version;
  if (!version) {
    throw new Error(
      `no customer-value model in production under ${modelsDir}; run \`npm run clv -- fit …\` first or pass --version.`,
    );
  }
  const bundle = loadModelBundle(versionDir(modelsDir, CUSTOMER_TASK, version), {
    task: CUSTOMER_TASK,
    featureVersion: CUSTOMER_FEATURE_VERSION,
    featureNames: CUSTOMER_FEATURE_NAMES,
  });
  return { version, predictor: new CustomerValuePredictor(bundle.artifact) };
}

function timeUnitOf(predictor: CustomerValuePredictor): TimeUnit {
  return predictor.settings.timeUnitDays === 7 ? 'weeks' : 'days';
}

async function scoreCommand(flags: Flags, io: CliIo): Promise<number> {
  const { version, predictor } = loadCustomerVersion(flags);
  const read = await readTransactionInput(flags);
  const calibrationEnd = flags['calibration-end'] === undefined ? read.summary.lastDay! : requiredDate(flags);
  const summary = summarizeCustomers(read.log, {
    calibrationEnd,
    timeUnit: timeUnitOf(predictor),
    timelines: customerTimelines(read.log),
  });
  const scores = scoreCustomers(predictor, summary, customerFeatureMatrix(summary));
  const out = flags.out ? createWriteStream(flags.out) : null;
  const write = async (line: string) => {
    if (!out) return io.stdout(line);
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(['customer_id', 'x', 'tx', 'T', 'zbar', ...CUSTOMER_SCORE_NAMES].join(','));
  for (let i = 0; i < summary.x.length; i++) {
    const id = summary.customerIds[i]!;
    const cells = [
      /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id,
      summary.x[i],
      summary.tx[i]!.toFixed(4),
      summary.T[i]!.toFixed(4),
      summary.zbar[i]!.toFixed(4),
    ];
    for (const name of CUSTOMER_SCORE_NAMES) cells.push(scores[name][i]!.toPrecision(6));
    await write(cells.join(','));
  }
  if (out) {
    out.end();
    await once(out, 'finish');
  }
  const message = `scored ${summary.x.length} customers at ${formatDay(calibrationEnd)} with customer-value ${version}${flags.out ? ` → ${flags.out}` : ''}`;
  if (flags.out)
    io.stdout(
      flags.json ? JSON.stringify({ customers: summary.x.length, version, out: flags.out }) : message,
    );
  else io.stderr(message);
  return 0;
}

async function reportCommand(flags: Flags, io: CliIo): Promise<number> {
  const { version, predictor } = loadCustomerVersion(flags);
  const read = await readTransactionInput(flags);
  const calibrationEnd = requiredDate(flags);
  const { horizonDays } = predictor.settings;
  const { holdout } = customerDesign(read.log, read.summary.lastDay!, {
    calibrationEnd,
    horizonDays,
    timeUnit: timeUnitOf(predictor),
    lifetime: predictor.settings.lifetime,
    seed: 0,
  });
  const scores = scoreCustomers(predictor, holdout.summary, holdout.X);
  const metrics = {
    supervised: horizonMetrics(holdout.targets, scores.supervisedPurchaseProbability, scores.supervisedSpend),
    bgnbd: horizonMetrics(holdout.targets, scores.purchaseProbability, scores.expectedSpend),
  };
  if (flags.json) {
    io.stdout(
      JSON.stringify(
        {
          version,
          customers: holdout.summary.x.length,
          calibrationEnd: formatDay(calibrationEnd),
          horizonDays,
          metrics,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.stdout(
    `customer-value ${version} on ${holdout.summary.x.length} holdout customers, ${formatDay(calibrationEnd)} + ${horizonDays} days:`,
  );
  for (const key of Object.keys(metrics.supervised) as (keyof typeof metrics.supervised)[]) {
    io.stdout(
      `  ${key.padEnd(12)} supervised ${metrics.supervised[key].toFixed(4).padStart(12)}   BG/NBD × GG ${metrics.bgnbd[key].toFixed(4).padStart(12)}`,
    );
  }
  return 0;
}

function requiredDate(flags: Flags): number {
  const text = flags['calibration-end'];
  if (text === undefined) throw new UsageError('--calibration-end YYYY-MM-DD is required.');
  try {
    return parseIsoDateOption(text, '--calibration-end');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
