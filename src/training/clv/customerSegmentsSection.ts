import { formatMetric, formatPercent, markdownTable } from '../../report/index.ts';
import { averageRetention } from '../../segments/index.ts';
import { PROFILE_HEADER, profileRows } from '../../segments/segmentsReport.ts';
import type { CustomerValueRun } from './trainCustomerValue.ts';

const MILESTONE_MONTHS = [1, 3, 6, 12];

/**
 * The report.md section of the segments and cohorts a customer-value version stores: the thresholds
 * in money, the profiles of the training customers per named segment and cluster, and the average
 * cohort retention at a few milestones (the dashboard's segments tab draws the same data).
 */
export function customerSegmentsSection(run: CustomerValueRun): string {
  const { segmentation, cohorts } = run;
  const t = segmentation.thresholds;
  const average = averageRetention(cohorts);
  const milestones = MILESTONE_MONTHS.filter((m) => m < average.length);
  return `## Segments and cohorts stored with this version

The ${segmentation.customers.toLocaleString('en-US')} holdout customers are segmented by the served lifetime value
(docs/segments.md); the bundle keeps the thresholds, the RFM quintile edges and the Gaussian mixture, so
\`POST /customers/value\` places every customer it values.
Thresholds in money: churn-risk = spend so far ≥ ${formatMetric(t.pastValueAtLeast)} and P(alive) < ${t.pAliveBelow};
high-value = CLV ≥ ${formatMetric(t.highValueClvAtLeast)}; missed-opportunity = CLV ≥ ${formatMetric(t.promisingClvAtLeast)}
with ${t.maxRecentPurchases === 0 ? 'no purchase' : `at most ${t.maxRecentPurchases} purchase days`} in the last ${t.recentDays} days.

${markdownTable(PROFILE_HEADER, profileRows([...segmentation.profiles.segments, ...segmentation.profiles.clusters]))}

Cohorts (cohorts.json): ${cohorts.cohorts.length} first-purchase months, ${cohorts.cohorts[0]} … ${cohorts.cohorts.at(-1)}; average
retention ${milestones.map((m) => `month +${m} ${formatPercent(average[m] ?? Number.NaN)}`).join(', ') || 'only month 0 observed'}.
`;
}
