import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleProgress, SILENT_PROGRESS, type TrainingProgress } from '../../cli/progress.ts';
import { type CliIo, PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../../cli/usage.ts';
import { formatMetric, formatPercent } from '../../report/index.ts';
import {
  formatDay,
  formatReadSummary,
  parseIsoDateOption,
  readTransactionInput,
  TRANSACTION_INPUT_FLAGS,
  TRANSACTION_INPUT_HELP,
} from '../../transactions/index.ts';
import { analyseCustomers } from '../customerAnalysis.ts';
import { type SegmentFacts, segmentPlacer } from '../customerSegmentation.ts';
import { type LtvProxyResult, ltvProxy } from '../ltvProxy.ts';
import { ltvProxySection } from '../ltvProxyReport.ts';
import { clusterNames, mixtureSegments } from '../mixtureSegments.ts';
import { profileTable } from '../namedSegments.ts';
import { segmentationArtifact } from '../segmentationArtifact.ts';
import { DEFAULT_SEGMENT_CONFIG_PATH, loadSegmentConfig } from '../segmentConfig.ts';
import { segmentsReport } from '../segmentsReport.ts';

export const SEGMENTS_HELP = `Usage: npm run segments -- --dataset NAME | --input FILE --format F [options]

Customer segments at a cut-off: BG/NBD × Gamma-Gamma fitted on the customers, RFM quintiles, the
named segments (churn-risk, high-value, missed-opportunity) with profiles, Gaussian-mixture
segments (k by BIC) and the LTV proxy (six-month spend buckets, chronological split). Writes report.md with SVG figures, segments.csv (one row per customer) and
segmentation.json (thresholds and mixture, to place new customers).

${TRANSACTION_INPUT_HELP}

Options:
  --calibration-end DATE  the cut-off, YYYY-MM-DD                  default the last day of the data
  --config FILE     segment thresholds and mixture settings        default ${DEFAULT_SEGMENT_CONFIG_PATH}
  --seed N          seed of the mixture's k-means++ starts         default 1
  --out DIR         where the report and files go                  default var/reports/segments
  --no-ltv-proxy    skip the six-month spend-bucket model (random forest, boosting)
  --json            print the profiles as JSON on stdout
  -h, --help        show this help

Exit codes: 0 written, 1 failure (unreadable file, too few customers), 2 bad usage.`;

/**
 * The segments command. Returns the exit code.
 *
 * @example
 * process.exitCode = await runSegmentsCli(process.argv.slice(2));
 */
export async function runSegmentsCli(
  argv: string[],
  io: CliIo = PROCESS_IO,
  progress: TrainingProgress = consoleProgress(),
): Promise<number> {
  return withExitCodes('segments', io, async () => {
    const flags = parseFlags(argv, {
      ...TRANSACTION_INPUT_FLAGS,
      'calibration-end': { type: 'string' },
      config: { type: 'string', default: DEFAULT_SEGMENT_CONFIG_PATH },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'var/reports/segments' },
      json: { type: 'boolean', default: false },
      'no-ltv-proxy': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (flags.help) {
      io.stdout(SEGMENTS_HELP);
      return 0;
    }
    const seed = Number(flags.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer; got "${flags.seed}".`);
    const config = loadSegmentConfig(flags.config);
    const cutOffFlag = flags['calibration-end'];
    const cutOffDay =
      cutOffFlag === undefined ? undefined : parseIsoDateOption(cutOffFlag, '--calibration-end');
    const steps = flags.json ? SILENT_PROGRESS : progress;
    steps.modelStarted('reading transactions');
    const { log, summary: read, label } = await readTransactionInput(flags);
    steps.modelFinished('reading transactions', formatReadSummary(read)[0] ?? '');
    if (read.lastDay === null) throw new Error(`${label} holds no usable transaction.`);
    const calibrationEnd = cutOffDay ?? read.lastDay;
    steps.modelStarted('BG/NBD × Gamma-Gamma, RFM, named segments');
    const analysis = analyseCustomers(log, { calibrationEnd, config });
    steps.modelFinished(
      'BG/NBD × Gamma-Gamma, RFM, named segments',
      `${analysis.summary.x.length} customers`,
    );
    steps.modelStarted('Gaussian mixture (k by BIC)');
    const f = analysis.summary.features;
    const mixture = mixtureSegments(
      { recencyDays: f.recencyDays, frequency: f.frequency, meanSpend: f.meanSpend, clv: analysis.clv },
      config.mixture,
      seed,
      (done, total) => steps.modelStep(done, total),
    );
    steps.modelFinished('Gaussian mixture (k by BIC)', `k = ${mixture.artifact.params.nComponents}`);
    let ltv: LtvProxyResult | null = null;
    if (!flags['no-ltv-proxy']) {
      steps.modelStarted('LTV proxy (random forest, boosting)');
      ltv = ltvProxy(log, read.lastDay, { ...config.ltvProxy, seed });
      steps.modelFinished(
        'LTV proxy (random forest, boosting)',
        ltv.scores.map((s) => `${s.model} macro-F1 ${formatMetric(s.macroF1, 3)}`).join(', '),
      );
    }
    const cutOff = formatDay(calibrationEnd);
    const report = segmentsReport(analysis, mixture, { source: label, config, seed });
    if (ltv) {
      const section = ltvProxySection(ltv);
      report.markdown += `\n${section.markdown}`;
      Object.assign(report.figures, section.figures);
    }
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'report.md'), report.markdown);
    for (const [name, svg] of Object.entries(report.figures)) writeFileSync(join(flags.out, name), svg);
    const segmentation = segmentationArtifact(analysis, mixture, { cutOff, horizonDays: config.horizonDays });
    writeFileSync(join(flags.out, 'segmentation.json'), `${JSON.stringify(segmentation, null, 2)}\n`);
    writeFileSync(join(flags.out, 'segments.csv'), segmentsCsv(analysis, segmentPlacer(segmentation)));
    const clusters = profileTable(mixture.clusters, clusterNames(mixture.artifact.params.nComponents), {
      recencyDays: f.recencyDays,
      frequency: f.frequency,
      totalSpend: f.totalSpend,
      clv: analysis.clv,
      pAlive: analysis.pAlive,
    });
    if (flags.json) {
      io.stdout(
        JSON.stringify(
          {
            source: label,
            cutOff,
            customers: analysis.summary.x.length,
            bgNbd: analysis.bgNbd,
            gammaGamma: analysis.gammaGamma,
            thresholds: analysis.thresholds,
            segments: analysis.profiles,
            mixture: {
              nComponents: mixture.artifact.params.nComponents,
              covarianceType: mixture.artifact.params.covarianceType,
              candidates: mixture.candidates,
              clusters,
            },
            ltvProxy: ltv,
          },
          null,
          2,
        ),
      );
    } else {
      for (const p of analysis.profiles) {
        io.stdout(
          `${p.segment.padEnd(20)} ${String(p.customers).padStart(7)} (${formatPercent(p.share)}), mean CLV ${formatMetric(p.meanClv)}, P(alive) ${formatMetric(p.meanPAlive, 3)}`,
        );
      }
      io.stdout(
        `mixture: k = ${mixture.artifact.params.nComponents} (${mixture.artifact.params.covarianceType}); report: ${join(flags.out, 'report.md')}`,
      );
    }
    return 0;
  });
}

/**
 * One row per customer, placed by the same function as the API's answer (the stored thresholds,
 * RFM edges and mixture), so the file and a later request agree on every customer.
 */
function segmentsCsv(
  analysis: ReturnType<typeof analyseCustomers>,
  placeCustomer: ReturnType<typeof segmentPlacer>,
): string {
  const { summary, population } = analysis;
  const lines = [
    'customerId,recency,frequency,monetary,pAlive,predictedClv,segment,cluster,clusterProbability',
  ];
  const facts = Object.keys(population) as (keyof SegmentFacts)[];
  const customer = {} as SegmentFacts;
  for (let i = 0; i < summary.x.length; i++) {
    for (const name of facts) customer[name] = population[name][i]!;
    const { segment, rfm, cluster } = placeCustomer(customer);
    const id = /[",\n]/.test(summary.customerIds[i])
      ? `"${summary.customerIds[i].replace(/"/g, '""')}"`
      : summary.customerIds[i];
    lines.push(
      `${id},${rfm.recency},${rfm.frequency},${rfm.monetary},${customer.pAlive.toFixed(4)},${customer.clv.toFixed(2)},${segment},${cluster.id},${cluster.probability.toFixed(4)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
