import {
  displayName,
  formatMetric,
  formatPercent,
  markdownTable,
  metricLabel,
  sentenceCase,
} from '../../report/index.ts';
import type { TaskRun } from '../models/trainTask.ts';
import type { Importances } from './importanceFigures.ts';
import type { ReportContext } from './reportContext.ts';
import { dataSection, gridSection, importanceSection, modelCell } from './sections.ts';

/**
 * The session-value report in markdown: headline (candidate, deviance and Gini against the
 * oracle, calibration of the total), comparison table, figures, importance, grid, data.
 *
 * @example
 * writeFileSync('report.md', valueReportMarkdown(run, importances, context, 1.5));
 */
export function valueReportMarkdown(
  run: TaskRun,
  importances: Importances,
  context: ReportContext,
  tweediePower: number,
): string {
  const w = run.winner;
  const m = w.testMetrics;
  const oracle = run.oracleMetrics;
  const observable = run.observableOracleMetrics;
  const yuan = (v: number) => `¥${Math.round(v).toLocaleString('en-US')}`;
  const headline = [
    `**${sentenceCase(displayName(w.name))}** is the session-value candidate (target: revenue the session still brings after the current page). On ${m.rows.toLocaleString('en-US')} test pages from ${context.splits.test.sessions.toLocaleString('en-US')} unseen sessions its mean Tweedie deviance (power ${tweediePower}) is **${formatMetric(m.tweedieDeviance, 4)}**${oracle ? ` against **${formatMetric(oracle.tweedieDeviance, 4)}** for the oracle (the simulator's true expectations)` : ''}.`,
    `It ranks pages by value with normalised Gini **${formatMetric(m.normalizedGini, 3)}**${oracle ? ` (oracle ${formatMetric(oracle.normalizedGini, 3)})` : ''}, RMSE ${formatMetric(m.rmse, 4)} and MAE ${formatMetric(m.mae, 4)} yuan.`,
    `Summed over the test pages it predicts ${yuan(m.predictedTotalYuan)} against ${yuan(m.actualTotalYuan)} actual (ratio ${formatMetric(m.calibrationRatio, 3)}, ${formatPercent(Math.abs(m.calibrationRatio - 1))} off${oracle ? `; for reference the oracle's ratio on the same pages is ${formatMetric(oracle.calibrationRatio, 3)}: its distance from 1 is chance in which test sessions bought, the rest is the model's bias` : ''}).`,
  ];
  if (m.intervalCoverage80 !== undefined) {
    headline.push(
      `Every answer carries a split-conformal interval (calibrated on the validation sessions, widths scaled by the Tweedie standard deviation μ^${tweediePower / 2}): on the test pages the 80 % intervals cover **${formatPercent(m.intervalCoverage80)}** of outcomes (mean width ${yuan(m.intervalWidth80Yuan)}) and the 90 % intervals **${formatPercent(m.intervalCoverage90)}** (mean width ${yuan(m.intervalWidth90Yuan)}).`,
    );
  }
  if (oracle && observable) {
    headline.push(
      `The observable oracle (the best use of what the log shows: the hidden intent integrated over its posterior) scores deviance ${formatMetric(observable.tweedieDeviance, 4)} and Gini ${formatMetric(observable.normalizedGini, 3)}: a better model could still gain **${formatMetric(observable.normalizedGini - m.normalizedGini, 3)}** of Gini, and the remaining ${formatMetric(oracle.normalizedGini - observable.normalizedGini, 3)} only the hidden intent explains.`,
    );
    if (m.expectedGiniGapToObservableOracle !== undefined) {
      headline.push(
        `That gap is measured on one set of test sessions: over test sets drawn like it (bootstrap over sessions) it varies with standard deviation ${formatMetric(m.giniGapToObservableOracleSd, 3)}, and scored against the full oracle's expected outcomes instead of the purchases that happened, it is **${formatMetric(m.expectedGiniGapToObservableOracle, 3)}**: what more training data or a better model can still win (docs/training.md has what was tried and the learning curve in sessions).`,
      );
    }
  }
  const row = (name: string, t: Record<string, number>, validation: string, seconds: string) => [
    name,
    formatMetric(t.rmse),
    formatMetric(t.mae),
    formatMetric(t.r2, 3),
    formatMetric(t.tweedieDeviance),
    formatMetric(t.normalizedGini, 3),
    formatMetric(t.rmseLog1p, 3),
    formatMetric(t.calibrationRatio, 3),
    validation,
    seconds,
  ];
  const rows = run.models.map((model) =>
    row(
      modelCell(model, w),
      model.testMetrics,
      formatMetric(Math.abs(model.validationScore)),
      model.fitSeconds.toFixed(1),
    ),
  );
  if (observable) rows.push(row('_observable oracle (what the log shows)_', observable, '–', '–'));
  if (oracle) rows.push(row('_full oracle (true expectations)_', oracle, '–', '–'));
  return [
    `# Session-value model report — ${context.version}`,
    '',
    headline.join(' '),
    '',
    '## Comparison on the test sessions',
    '',
    `Lower is better for RMSE, MAE, Tweedie deviance and RMSE of log1p; higher for R² and normalised Gini; Σ pred / Σ actual should be 1. The target is zero for most pages and heavy-tailed, so deviance and Gini say more than R². Linear models can predict below zero: for the deviance only, predictions are floored at ¥0.01. The candidate is the best validation ${metricLabel(run.evaluation.selectionMetric)}.`,
    '',
    markdownTable(
      [
        'model',
        'RMSE',
        'MAE',
        'R²',
        'Tweedie dev.',
        'norm. Gini',
        'RMSE log1p',
        'Σ pred / Σ actual',
        `validation ${metricLabel(run.evaluation.selectionMetric)}`,
        'fit s',
      ],
      rows,
    ),
    '',
    "Predicted against actual, in 20 equal-count bins of each model's prediction (log scales; bins with a zero mean cannot be drawn on them): a calibrated model follows the diagonal.",
    '',
    '![Predicted vs actual](predicted-vs-actual.svg)',
    '',
    'Cumulative gain: the share of all remaining revenue found in the top x % of pages ranked by each model.',
    '',
    '![Cumulative gain](gain.svg)',
    '',
    importanceSection(importances),
    gridSection(run.models, metricLabel(run.evaluation.selectionMetric), context.useGrid),
    dataSection(context),
  ].join('\n');
}
