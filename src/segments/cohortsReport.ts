import { formatMetric, formatPercent, heatmapChart, lineChart, markdownTable } from '../report/index.ts';
import { averageRetention, type CohortMatrices } from './cohorts.ts';

/**
 * report.md of cohort matrices: retention and revenue-per-customer heatmaps (first-purchase month ×
 * months since), the average retention curve, and a table of sizes and retention milestones.
 */
export function cohortsReport(matrices: CohortMatrices, source: string) {
  const { cohorts, monthsSince, sizes } = matrices;
  const columnLabels = monthsSince.map(String);
  const average = averageRetention(matrices);
  const figures: Record<string, string> = {
    'cohort-retention.svg': heatmapChart({
      title: 'Share of each cohort buying, by months since the first purchase',
      xLabel: 'Months since the first purchase',
      yLabel: 'Cohort (first-purchase month)',
      rowLabels: cohorts,
      columnLabels,
      values: matrices.retention,
      // Month 0 is 100 % by definition; shading from 0 to the highest later share keeps contrast.
      domain: [
        0,
        Math.max(
          0.01,
          ...Array.from(matrices.retention).filter((v, i) => i % monthsSince.length > 0 && !Number.isNaN(v)),
        ),
      ],
      formatCell: (v) => `${Math.round(v * 100)}`,
    }),
    'cohort-revenue.svg': heatmapChart({
      title: 'Revenue per cohort customer, by months since the first purchase',
      xLabel: 'Months since the first purchase',
      yLabel: 'Cohort (first-purchase month)',
      rowLabels: cohorts,
      columnLabels,
      values: matrices.revenuePerCustomer,
      formatCell: (v) => formatMetric(v, 2),
    }),
    'cohort-retention-curve.svg': lineChart({
      title: 'Average retention curve (customer-weighted over cohorts)',
      xLabel: 'Months since the first purchase',
      yLabel: 'Share of customers buying',
      series: [{ name: 'all cohorts', x: monthsSince.slice(1), y: average.slice(1), markers: true }],
      legendCorner: 'top-left',
    }),
  };
  const milestones = [1, 3, 6, 12].filter((m) => m < monthsSince.length);
  const rows = cohorts.map((cohort, c) => [
    cohort,
    sizes[c].toLocaleString('en-US'),
    ...milestones.map((m) => {
      const v = matrices.retention[c * monthsSince.length + m];
      return Number.isNaN(v) ? '–' : formatPercent(v);
    }),
    formatMetric(
      Array.from(matrices.revenuePerCustomer.subarray(c * monthsSince.length, (c + 1) * monthsSince.length))
        .filter((v) => !Number.isNaN(v))
        .reduce((s, v) => s + v, 0),
    ),
  ]);
  const markdown = [
    `# Cohorts: ${source}`,
    '',
    `${cohorts.length} monthly cohorts by first purchase, ${sizes.reduce((s, n) => s + n, 0).toLocaleString('en-US')} customers; the data ends in ${matrices.lastMonth} (that month may be partial). A cell is the share of the cohort's customers who bought in that month since their first (a customer counts once per month); blank cells are months the cohort has not reached yet.`,
    '',
    '![Cohort retention](cohort-retention.svg)',
    '',
    '![Average retention curve](cohort-retention-curve.svg)',
    '',
    '![Revenue per customer](cohort-revenue.svg)',
    '',
    markdownTable(
      ['cohort', 'customers', ...milestones.map((m) => `month ${m}`), 'revenue per customer to date'],
      rows,
    ),
    '',
  ].join('\n');
  return { markdown, figures };
}
