import type { PromotionDecision } from '../../registry/index.ts';
import { displayName, formatMetric } from '../../report/index.ts';
import type { TrainedTask } from '../run/trainAll.ts';

const HEADLINE_METRICS: Record<string, string[]> = {
  churn: ['rocAuc', 'prAuc', 'logLoss', 'brier', 'f1'],
  'session-value': ['tweedieDeviance', 'rmse', 'mae', 'normalizedGini', 'calibrationRatio'],
};

/**
 * The end-of-run summary: per task, every model's headline test metrics (oracle last), the
 * candidate's version folder and what happened to production.
 *
 * @example
 * io.stdout(trainingSummary(results).join('\n'));
 */
export function trainingSummary(
  results: readonly TrainedTask[],
  decisions: readonly (PromotionDecision | null)[] = [],
): string[] {
  const lines: string[] = [];
  results.forEach((result, k) => {
    const metrics = HEADLINE_METRICS[result.task];
    const width = Math.max(...result.models.map((m) => displayName(m.name).length), 8) + 2;
    lines.push('', `${result.task} (test sessions)`);
    lines.push(`  ${'model'.padEnd(width)}${metrics.map((m) => m.padStart(18)).join('')}`);
    const row = (name: string, values: Record<string, number>) =>
      `  ${name.padEnd(width)}${metrics.map((m) => formatMetric(values[m]).padStart(18)).join('')}`;
    for (const model of result.models) {
      const marker = model.name === result.modelName ? ' *' : '';
      lines.push(row(`${displayName(model.name)}${marker}`, model.testMetrics));
    }
    if (result.observableOracleMetrics)
      lines.push(row('oracle (observable)', result.observableOracleMetrics));
    if (result.oracleMetrics) lines.push(row('oracle (full)', result.oracleMetrics));
    lines.push(`  candidate (*): ${result.modelName} → ${result.dir}`);
    lines.push(`  report: ${result.dir}/report.md`);
    const decision = decisions[k];
    if (decision) {
      lines.push(`  decision: ${decision.action} — ${decision.reason}`);
      if (decision.evaluation) {
        const { sessions, excludedSeenInTraining, minSessions } = decision.evaluation;
        lines.push(
          `  evaluation: ${sessions} test sessions seen by neither model in training (${excludedSeenInTraining} excluded as seen; at least ${minSessions} needed)`,
        );
      }
      lines.push(`  production: ${decision.productionVersionAfter ?? 'none'}`);
    } else {
      lines.push(
        `  production: ${result.promoted ? `promoted (${result.promotionReason})` : `unchanged (${result.promotionReason})`}`,
      );
    }
  });
  return lines;
}
