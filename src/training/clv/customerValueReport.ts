import { formatMetric, markdownTable } from '../../report/index.ts';
import { formatDay, formatReadSummary, type TransactionReadSummary } from '../../transactions/index.ts';
import { customerSegmentsSection } from './customerSegmentsSection.ts';
import { type HorizonMetrics, supervisedWins } from './evaluateCustomerValue.ts';
import { paretoNbdComparisonRows, paretoNbdVerdict } from './paretoNbdComparison.ts';
import type { CustomerValueRun } from './trainCustomerValue.ts';

export interface CustomerValueReportContext {
  version: string;
  createdAt: string;
  command: string;
  codeVersion: string | null;
  read: TransactionReadSummary;
}

const METRIC_ROWS: { key: keyof HorizonMetrics; label: string; better: string }[] = [
  { key: 'rocAuc', label: 'ROC AUC, purchase flag', better: 'higher' },
  { key: 'prAuc', label: 'PR AUC, purchase flag', better: 'higher' },
  { key: 'brier', label: 'Brier score, purchase flag', better: 'lower' },
  { key: 'spendMae', label: 'MAE of spend', better: 'lower' },
  { key: 'spendGini', label: 'normalised Gini of spend', better: 'higher' },
  { key: 'spendRatio', label: 'Σ predicted / Σ actual spend', better: 'closer to 1' },
];

/** The verdict sentence the issue asks for: where the supervised model beats BG/NBD, and where not, with numbers. */
export function comparisonVerdict(run: CustomerValueRun): string {
  const { supervised, bgnbd } = run.metrics;
  const wins = supervisedWins(supervised, bgnbd);
  const describe = (row: (typeof METRIC_ROWS)[number]) =>
    `${row.label} ${formatMetric(supervised[row.key])} vs ${formatMetric(bgnbd[row.key])}`;
  const won = METRIC_ROWS.filter((row) => wins[row.key]);
  const lost = METRIC_ROWS.filter((row) => !wins[row.key]);
  const head =
    lost.length === 0
      ? 'The supervised model beats BG/NBD × Gamma-Gamma on every holdout metric'
      : `The supervised model beats BG/NBD × Gamma-Gamma on ${won.length} of ${METRIC_ROWS.length} holdout metrics`;
  return (
    `${head}${won.length ? ` (${won.map(describe).join('; ')})` : ''}.` +
    (lost.length ? ` It does not on ${lost.map(describe).join('; ')}.` : '')
  );
}

/**
 * The report.md of a customer-value version: data, design, parameters, the holdout comparison of
 * the supervised model and BG/NBD × Gamma-Gamma, and the figures.
 */
export function customerValueReportMarkdown(
  run: CustomerValueRun,
  context: CustomerValueReportContext,
): string {
  const { config, design, metrics, artifact } = run;
  const bg = artifact.state.bgnbd.state;
  const gg = artifact.state.gammaGamma.state;
  const pnbd = run.paretoNbd.artifact.state;
  const unit = config.timeUnit;
  const cut = formatDay(config.calibrationEnd);
  const trainCut = formatDay(config.calibrationEnd - config.horizonDays);
  const holdoutEnd = formatDay(config.calibrationEnd + config.horizonDays);
  const wins = supervisedWins(metrics.supervised, metrics.bgnbd);
  const lifetime = config.lifetime;
  return `# Customer value — ${context.version}

Created ${context.createdAt} by \`${context.command}\`${context.codeVersion ? ` at commit ${context.codeVersion.slice(0, 12)}` : ''}.

## Data

\`\`\`
${formatReadSummary(context.read).join('\n')}
\`\`\`

Chronological design (docs/clv.md): BG/NBD × Gamma-Gamma see purchases up to the **calibration end ${cut}**;
the supervised models learn at the earlier cut-off ${trainCut} (features up to it, targets in the ${config.horizonDays} days after
it; a fifth of those customers held out for early stopping); every model is judged on the **same ${design.holdout.summary.x.length.toLocaleString('en-US')}
holdout customers** (first purchase by ${cut}) over ${cut} + 1 day … ${holdoutEnd}. Time unit of tₓ and T: ${unit}.
Supervised training customers: ${design.training.summary.x.length.toLocaleString('en-US')}. Same-day purchases are merged into one.

## Holdout comparison (next ${config.horizonDays} days)

${markdownTable(
  ['metric', 'supervised (boosting)', 'BG/NBD × Gamma-Gamma', 'better', 'winner'],
  METRIC_ROWS.map((row) => [
    row.label,
    formatMetric(metrics.supervised[row.key]),
    formatMetric(metrics.bgnbd[row.key]),
    row.better,
    wins[row.key] ? 'supervised' : 'BG/NBD',
  ]),
  ['left', 'right', 'right', 'left', 'left'],
)}

${comparisonVerdict(run)}

BG/NBD's purchase probability is P(alive) · (1 − ((α+T)/(α+T+t))^(r+x)); its spend is the expected purchases times
Gamma-Gamma's expected spend per purchase. The supervised models are gradient boosting on the ${artifact.featureNames.length}
customer features (a classifier for the flag; Tweedie with log link and the balance correction for spend).

## Pareto/NBD beside BG/NBD (next ${config.horizonDays} days)

Pareto/NBD (Schmittlein, Morrison & Colombo 1987) lets a customer leave at any moment, not only just after a
purchase; it is fitted on the same calibration summary and judged on the same holdout customers (docs/clv.md).

${markdownTable(
  ['metric', 'BG/NBD', 'Pareto/NBD', 'better', 'winner'],
  paretoNbdComparisonRows(run.paretoNbd, formatMetric),
  ['left', 'right', 'right', 'left', 'left'],
)}

${paretoNbdVerdict(run.paretoNbd)}

![Holdout purchases by calibration frequency: BG/NBD vs Pareto/NBD](pareto-nbd-vs-bgnbd.svg)

## Parameters

${markdownTable(
  ['model', 'parameters', 'log-likelihood', 'customers', 'iterations', 'fit'],
  [
    [
      'BG/NBD',
      `r ${formatMetric(bg.r)}, α ${formatMetric(bg.alpha)}, a ${formatMetric(bg.a)}, b ${formatMetric(bg.b)}`,
      bg.logLikelihood.toFixed(2),
      String(bg.customers),
      String(bg.iterations),
      `${run.fitSeconds.bgnbd.toFixed(2)} s`,
    ],
    [
      'Pareto/NBD (not served)',
      `r ${formatMetric(pnbd.r)}, α ${formatMetric(pnbd.alpha)}, s ${formatMetric(pnbd.s)}, β ${formatMetric(pnbd.beta)}`,
      pnbd.logLikelihood.toFixed(2),
      String(pnbd.customers),
      String(pnbd.iterations),
      `${run.paretoNbd.fitSeconds.toFixed(2)} s`,
    ],
    [
      'Gamma-Gamma',
      `p ${formatMetric(gg.p)}, q ${formatMetric(gg.q)}, v ${formatMetric(gg.v)}`,
      gg.logLikelihood.toFixed(2),
      String(gg.customers),
      String(gg.iterations),
      `${run.fitSeconds.gammaGamma.toFixed(2)} s`,
    ],
    [
      'supervised purchase flag',
      'gradient boosting classifier',
      '–',
      String(design.training.summary.x.length),
      '–',
      `${run.fitSeconds.purchaseModel.toFixed(1)} s`,
    ],
    [
      'supervised spend',
      'gradient boosting, Tweedie 1.5',
      '–',
      String(design.training.summary.x.length),
      '–',
      `${run.fitSeconds.spendModel.toFixed(1)} s`,
    ],
  ],
  ['left', 'left', 'right', 'right', 'right', 'right'],
)}

Lifetime value served by this version: margin ${lifetime.margin} × expected spend over ${lifetime.horizonDays} days in
${lifetime.periods} periods, discounted at ${lifetime.discountRatePerPeriod} per period.

${customerSegmentsSection(run)}
## Figures

![P(alive) over frequency and recency](p-alive-heatmap.svg)

![Expected purchases over frequency and recency](expected-purchases-heatmap.svg)

![Holdout purchases by calibration frequency](calibration-by-frequency.svg)

![Cumulative repeat transactions](repeat-transactions-cumulative.svg)

![Weekly repeat transactions](repeat-transactions-weekly.svg)

![Gains chart of the purchase flag](gains-purchase-flag.svg)

![Feature importance of the purchase-flag model](importance-purchase-flag.svg)
`;
}
