import {
  barChart,
  formatMetric,
  formatPercent,
  heatmapChart,
  lineChart,
  markdownTable,
} from '../report/index.ts';
import { formatDay } from '../transactions/index.ts';
import type { CustomerAnalysis } from './customerAnalysis.ts';
import type { StoredProfile } from './customerSegmentation.ts';
import { clusterNames, type MixtureSegmentation } from './mixtureSegments.ts';
import { profileTable, type SegmentProfile } from './namedSegments.ts';
import type { SegmentConfig } from './segmentConfig.ts';

export interface SegmentsReport {
  markdown: string;
  figures: Record<string, string>;
}

/** Profile table rows (a stored profile's empty-group means are null, a fresh one's NaN: both print "–"). */
export const profileRows = (profiles: readonly (SegmentProfile | StoredProfile)[]) =>
  profiles.map((p) => [
    p.segment,
    p.customers.toLocaleString('en-US'),
    formatPercent(p.share),
    formatMetric(p.meanRecencyDays),
    formatMetric(p.meanFrequency),
    formatMetric(p.meanSpend),
    formatMetric(p.meanClv),
    formatMetric(p.meanPAlive, 3),
  ]);

export const PROFILE_HEADER = [
  'segment',
  'customers',
  'share',
  'recency (days)',
  'frequency (x)',
  'spend so far',
  'predicted CLV',
  'P(alive)',
];

/**
 * report.md of a segmentation: the models behind it, the named segments with thresholds and
 * profiles, RFM quintiles, and the Gaussian-mixture segments with BIC per k.
 */
export function segmentsReport(
  analysis: CustomerAnalysis,
  mixture: MixtureSegmentation,
  context: { source: string; config: SegmentConfig; seed: number },
): SegmentsReport {
  const { summary, profiles, thresholds, rfm, clv } = analysis;
  const f = summary.features;
  const k = mixture.artifact.params.nComponents;
  const clusterProfiles = profileTable(mixture.clusters, clusterNames(k), {
    recencyDays: f.recencyDays,
    frequency: f.frequency,
    totalSpend: f.totalSpend,
    clv,
    pAlive: analysis.pAlive,
  });
  // Mean predicted CLV by recency score (rows, 5 = most recent first) × frequency score.
  const rfmClv = new Float64Array(25);
  const rfmCount = new Float64Array(25);
  for (let i = 0; i < clv.length; i++) {
    const cell = (5 - rfm.recency[i]) * 5 + (rfm.frequency[i] - 1);
    rfmClv[cell] += clv[i];
    rfmCount[cell]++;
  }
  const rfmMean = rfmClv.map((sum, cell) => (rfmCount[cell] > 0 ? sum / rfmCount[cell] : Number.NaN));
  const bicByType = context.config.mixture.covarianceTypes.map((type) => {
    const rows = mixture.candidates.filter((c) => c.covarianceType === type);
    return {
      name: `${type} covariance`,
      x: rows.map((c) => c.nComponents),
      y: rows.map((c) => c.bic),
      markers: true,
    };
  });
  const figures: Record<string, string> = {
    'segment-sizes.svg': barChart({
      title: 'Customers per named segment',
      xLabel: 'Customers',
      labels: profiles.map((p) => p.segment),
      values: profiles.map((p) => p.customers),
    }),
    'segment-clv.svg': barChart({
      title: `Mean predicted revenue over ${context.config.horizonDays} days per segment`,
      xLabel: 'Predicted CLV (data currency)',
      labels: profiles.map((p) => p.segment),
      values: profiles.map((p) => (Number.isNaN(p.meanClv) ? 0 : p.meanClv)),
      color: '#009E73',
    }),
    'rfm-clv-heatmap.svg': heatmapChart({
      title: 'Mean predicted CLV by recency and frequency score',
      xLabel: 'Frequency score (5 = most purchases)',
      yLabel: 'Recency score (5 = most recent)',
      rowLabels: ['R5', 'R4', 'R3', 'R2', 'R1'],
      columnLabels: ['F1', 'F2', 'F3', 'F4', 'F5'],
      values: rfmMean,
      formatCell: (v) => formatMetric(v, 3),
    }),
    'mixture-bic.svg': lineChart({
      title: 'Gaussian mixture: BIC by number of components (lower is better)',
      xLabel: 'Components k',
      yLabel: 'BIC',
      series: bicByType,
      legendCorner: 'top-left',
    }),
    'mixture-sizes.svg': barChart({
      title: 'Customers per mixture cluster (cluster 1 = highest mean CLV)',
      xLabel: 'Customers',
      labels: clusterProfiles.map((p) => p.segment),
      values: clusterProfiles.map((p) => p.customers),
      color: '#CC79A7',
    }),
  };
  const scoreCounts = [1, 2, 3, 4, 5].map((score) => [
    String(score),
    ...[rfm.recency, rfm.frequency, rfm.monetary].map((scores) =>
      scores.reduce((n, s) => n + (s === score ? 1 : 0), 0).toLocaleString('en-US'),
    ),
  ]);
  const { bgNbd, gammaGamma } = analysis;
  const markdown = [
    `# Customer segments: ${context.source}`,
    '',
    `${summary.x.length.toLocaleString('en-US')} customers at the cut-off ${formatDay(summary.calibrationEnd)}; predicted CLV = BG/NBD expected purchases × Gamma-Gamma expected spend over the next ${context.config.horizonDays} days (undiscounted revenue). Seed ${context.seed}.`,
    '',
    '## Models',
    '',
    markdownTable(
      ['model', 'parameters', 'log-likelihood'],
      [
        [
          'BG/NBD (weeks)',
          `r ${formatMetric(bgNbd.r)}, α ${formatMetric(bgNbd.alpha)}, a ${formatMetric(bgNbd.a)}, b ${formatMetric(bgNbd.b)}`,
          formatMetric(bgNbd.logLikelihood, 8),
        ],
        [
          'Gamma-Gamma',
          `p ${formatMetric(gammaGamma.p)}, q ${formatMetric(gammaGamma.q)}, v ${formatMetric(gammaGamma.v)}`,
          formatMetric(gammaGamma.logLikelihood, 8),
        ],
      ],
      ['left', 'left', 'right'],
    ),
    '',
    '## Named segments',
    '',
    'Rules, checked in this order (a customer gets the first that applies; thresholds in `config/segments.json`, turned into money on this data):',
    '',
    `1. **churn-risk**: spend so far ≥ ${formatMetric(thresholds.pastValueAtLeast)} (top ${formatPercent(context.config.churnRisk.pastValueTopShare)}) and P(alive) < ${thresholds.pAliveBelow};`,
    `2. **high-value**: predicted CLV ≥ ${formatMetric(thresholds.highValueClvAtLeast)} (top ${formatPercent(context.config.highValue.topShare)});`,
    `3. **missed-opportunity**: predicted CLV ≥ ${formatMetric(thresholds.promisingClvAtLeast)} (top ${formatPercent(context.config.missedOpportunity.predictedValueTopShare)}) but at most ${thresholds.maxRecentPurchases} purchase days in the last ${thresholds.recentDays} days;`,
    '4. **other**.',
    '',
    markdownTable(PROFILE_HEADER, profileRows(profiles)),
    '',
    profiles[0].customers === 0
      ? `No customer is a churn risk here: every customer with a high past value has P(alive) ≥ ${thresholds.pAliveBelow} under this BG/NBD fit (drop-out parameters a = ${formatMetric(bgNbd.a)}, b = ${formatMetric(bgNbd.b)}). Raise \`churnRisk.pAliveBelow\` to flag the least likely to be alive.\n`
      : '',
    '![Customers per segment](segment-sizes.svg)',
    '',
    '![Mean predicted CLV per segment](segment-clv.svg)',
    '',
    '## RFM quintiles',
    '',
    'Scores 1–5 by mid-rank (tied customers share a score): recency 5 = most recent purchase, frequency and monetary (mean spend per purchase day) 5 = most. Customers per score:',
    '',
    markdownTable(['score', 'recency', 'frequency', 'monetary'], scoreCounts),
    '',
    '![Mean predicted CLV by R and F](rfm-clv-heatmap.svg)',
    '',
    '## Gaussian-mixture segments',
    '',
    `EM from scratch on log(1 + recency days, frequency, mean spend, predicted CLV), standardised; k from 1 to ${context.config.mixture.maxComponents}, ${context.config.mixture.nInit} k-means++ starts each, the lowest BIC kept: **k = ${k}, ${mixture.artifact.params.covarianceType} covariance** (${mixture.artifact.state.converged ? 'converged' : 'not converged'} in ${mixture.artifact.state.iterations} iterations). Clusters are numbered by mean predicted CLV, highest first.`,
    '',
    markdownTable(PROFILE_HEADER, profileRows(clusterProfiles)),
    '',
    '![BIC by k](mixture-bic.svg)',
    '',
    '![Customers per cluster](mixture-sizes.svg)',
    '',
  ].join('\n');
  return { markdown, figures };
}
