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
 * The churn report in markdown: headline (candidate, AUC against the oracle, the decision at the
 * threshold), comparison table, figures, importance, grid, data.
 *
 * @example
 * writeFileSync('report.md', churnReportMarkdown(run, importances, context));
 */
export function churnReportMarkdown(run: TaskRun, importances: Importances, context: ReportContext): string {
  const w = run.winner;
  const m = w.testMetrics;
  const oracle = run.oracleMetrics;
  const observable = run.observableOracleMetrics;
  const flagged = (m.truePositive + m.falsePositive) / m.rows;
  const headline = [
    `**${sentenceCase(displayName(w.name))}** is the churn candidate. On ${m.rows.toLocaleString('en-US')} test pages from ${context.splits.test.sessions.toLocaleString('en-US')} sessions that no model saw while fitting or tuning, it ranks churners above stayers with ROC AUC **${formatMetric(m.rocAuc, 3)}**.`,
  ];
  if (oracle) {
    const captured = (m.rocAuc - 0.5) / (oracle.rocAuc - 0.5);
    headline.push(
      `The simulator's true churn probabilities (the full oracle: it knows each session's hidden intent) reach **${formatMetric(oracle.rocAuc, 3)}** on the same pages, so the model achieves **${formatPercent(captured)}** of the oracle's lift over chance ((AUC − 0.5) / (oracle AUC − 0.5)).`,
    );
  }
  if (oracle && observable) {
    headline.push(
      `The observable oracle — the best use of what the log shows, the intent integrated over its posterior — reaches **${formatMetric(observable.rocAuc, 3)}**: a better model could still close **${formatMetric(observable.rocAuc - m.rocAuc, 4)}** of AUC; the remaining **${formatMetric(oracle.rocAuc - observable.rocAuc, 4)}** only the hidden intent explains.`,
    );
  }
  headline.push(
    `At the threshold **${formatMetric(m.threshold, 3)}** (${w.thresholdNote}), it flags ${formatPercent(flagged)} of pages and catches **${formatPercent(m.recall)}** of churns with precision **${formatPercent(m.precision)}** (churn rate ${formatPercent(m.churnRate)}).`,
  );
  const rows = run.models.map((model) => {
    const t = model.testMetrics;
    return [
      modelCell(model, w),
      formatMetric(t.rocAuc),
      formatMetric(t.prAuc),
      formatMetric(t.logLoss),
      formatMetric(t.brier),
      formatMetric(t.precision, 3),
      formatMetric(t.recall, 3),
      formatMetric(t.f1, 3),
      formatMetric(t.threshold, 3),
      formatMetric(model.validationScore),
      model.fitSeconds.toFixed(1),
    ];
  });
  const oracleRow = (name: string, o: Record<string, number>) => [
    name,
    formatMetric(o.rocAuc),
    formatMetric(o.prAuc),
    formatMetric(o.logLoss),
    formatMetric(o.brier),
    formatMetric(o.precision, 3),
    formatMetric(o.recall, 3),
    formatMetric(o.f1, 3),
    formatMetric(o.threshold, 3),
    '–',
    '–',
  ];
  if (observable) rows.push(oracleRow('_observable oracle (what the log shows)_', observable));
  if (oracle) rows.push(oracleRow('_full oracle (true probabilities)_', oracle));
  const header = [
    'model',
    'ROC AUC',
    'PR AUC',
    'log loss',
    'Brier',
    'precision',
    'recall',
    'F1',
    'threshold',
  ];
  return [
    `# Churn model report — ${context.version}`,
    '',
    headline.join(' '),
    '',
    '## Comparison on the test sessions',
    '',
    `Higher is better for AUCs, precision, recall and F1; lower for log loss and Brier. Precision, recall and F1 are at each model's own threshold, chosen on validation. The candidate is the best validation ${metricLabel(run.evaluation.selectionMetric)}.`,
    '',
    markdownTable([...header, `validation ${metricLabel(run.evaluation.selectionMetric)}`, 'fit s'], rows),
    '',
    '![ROC curves](roc.svg)',
    '',
    '![Precision-recall curves](pr.svg)',
    '',
    `## The candidate's decisions`,
    '',
    markdownTable(
      ['', 'predicted stay', 'predicted churn'],
      [
        ['actual stay', m.trueNegative.toLocaleString('en-US'), m.falsePositive.toLocaleString('en-US')],
        ['actual churn', m.falseNegative.toLocaleString('en-US'), m.truePositive.toLocaleString('en-US')],
      ],
    ),
    '',
    '![Confusion matrix](confusion.svg)',
    '',
    `Calibration: mean predicted probability ${formatMetric(m.meanPredicted, 3)} against an observed churn rate of ${formatMetric(m.churnRate, 3)}; points on the diagonal mean the probabilities can be read at face value.`,
    '',
    '![Calibration](calibration.svg)',
    '',
    ...survivalSection(run),
    importanceSection(importances),
    gridSection(run.models, metricLabel(run.evaluation.selectionMetric), context.useGrid),
    dataSection(context),
  ].join('\n');
}

/** The survival view: the served curve against Kaplan–Meier on the test sessions. */
function survivalSection(run: TaskRun): string[] {
  if (!run.survival) return [];
  const { predictedCurve, kaplanMeierCurve } = run.survival;
  const rows = Array.from(predictedCurve, (p, k) => [
    String(k + 1),
    formatMetric(kaplanMeierCurve[k], 3),
    formatMetric(p, 3),
    formatMetric(p - kaplanMeierCurve[k], 3),
  ]);
  return [
    '## Survival view',
    '',
    "`/churn` also answers P(at least k more pages), k = 1…5, and the expected number of further pages. k = 1 is 1 − the churn probability; later horizons come from a pages-ahead model of their own (a boosted discrete-time hazard: the current page's features plus the horizon j, trained on person-period rows of the training sessions, where each row says whether the session went on for j more pages). On the test sessions, the mean predicted curve against the Kaplan–Meier curve of pages-to-exit:",
    '',
    markdownTable(['k', 'Kaplan–Meier', 'model', 'model − KM'], rows),
    '',
    '![Survival](survival.svg)',
    '',
  ];
}
