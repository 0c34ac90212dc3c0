import { calibrationTable, prCurve, rocCurve } from '../../ml/metrics/index.ts';
import {
  confusionMatrixChart,
  displayName,
  formatMetric,
  lineChart,
  type Series,
} from '../../report/index.ts';
import type { TaskRun } from '../models/trainTask.ts';

/** Each model's (or the oracle's) test scores with a legend label. */
function scoredSeries(run: TaskRun): { label: string; prediction: Float64Array; dashed: boolean }[] {
  const out = run.models.map((m) => ({
    label: displayName(m.name),
    prediction: m.testPrediction,
    dashed: false,
  }));
  if (run.observableOracleTestPrediction)
    out.push({ label: 'observable oracle', prediction: run.observableOracleTestPrediction, dashed: true });
  if (run.oracleTestPrediction)
    out.push({ label: 'oracle', prediction: run.oracleTestPrediction, dashed: true });
  return out;
}

/**
 * The churn report's figures as SVG texts by file name: ROC and PR curves of every model and the
 * oracle, the candidate's calibration (with the oracle's) and its confusion matrix.
 *
 * @example
 * const figures = churnFigures(run, yTest); // { 'roc.svg': '<svg…', … }
 */
export function churnFigures(run: TaskRun, yTest: Float64Array): Record<string, string> {
  const scored = scoredSeries(run);
  const auc = (label: string, metric: 'rocAuc' | 'prAuc') => {
    const value =
      label === 'oracle'
        ? run.oracleMetrics?.[metric]
        : label === 'observable oracle'
          ? run.observableOracleMetrics?.[metric]
          : run.models.find((m) => displayName(m.name) === label)?.testMetrics[metric];
    return `${label} (${formatMetric(value, 3)})`;
  };
  const roc: Series[] = scored.map((s) => {
    const curve = rocCurve(yTest, s.prediction);
    return { name: auc(s.label, 'rocAuc'), x: curve.fpr, y: curve.tpr, dashed: s.dashed };
  });
  const pr: Series[] = scored.map((s) => {
    const curve = prCurve(yTest, s.prediction);
    return { name: auc(s.label, 'prAuc'), x: curve.recall, y: curve.precision, dashed: s.dashed };
  });
  const churnRate = run.winner.testMetrics.churnRate;
  pr.push({
    name: `base rate (${formatMetric(churnRate, 3)})`,
    x: [0, 1],
    y: [churnRate, churnRate],
    dashed: true,
    color: '#999999',
  });

  const calibration: Series[] = [run.winner, ...(run.oracleTestPrediction ? ['oracle' as const] : [])].map(
    (entry) => {
      const prediction =
        entry === 'oracle' ? (run.oracleTestPrediction as Float64Array) : entry.testPrediction;
      const bins = calibrationTable(yTest, prediction, 10).filter((bin) => bin.count >= 20);
      return {
        name: entry === 'oracle' ? 'oracle' : displayName(entry.name),
        x: bins.map((b) => b.meanPredicted),
        y: bins.map((b) => b.observedRate),
        markers: true,
        dashed: entry === 'oracle',
      };
    },
  );
  const m = run.winner.testMetrics;
  return {
    'roc.svg': lineChart({
      title: 'ROC curves on the test sessions (AUC in brackets)',
      xLabel: 'False positive rate (share of stays flagged)',
      yLabel: 'True positive rate (share of churns caught)',
      series: roc,
      xDomain: [0, 1],
      yDomain: [0, 1],
      diagonal: true,
    }),
    'pr.svg': lineChart({
      title: 'Precision–recall curves on the test sessions (PR AUC)',
      xLabel: 'Recall (share of churns caught)',
      yLabel: 'Precision (share of flags that churn)',
      series: pr,
      xDomain: [0, 1],
      yDomain: [0, 1],
      legendCorner: 'bottom-left',
    }),
    'calibration.svg': lineChart({
      title: `Calibration of ${displayName(run.winner.name)} (deciles of predicted probability)`,
      xLabel: 'Mean predicted churn probability',
      yLabel: 'Observed churn rate',
      series: calibration,
      xDomain: [0, 1],
      yDomain: [0, 1],
      diagonal: true,
      legendCorner: 'top-left',
    }),
    'confusion.svg': confusionMatrixChart({
      title: `${displayName(run.winner.name)} at threshold ${formatMetric(m.threshold, 3)} (test)`,
      truePositive: m.truePositive,
      falsePositive: m.falsePositive,
      trueNegative: m.trueNegative,
      falseNegative: m.falseNegative,
    }),
    ...(run.survival ? { 'survival.svg': survivalChart(run.survival) } : {}),
  };
}

/** The survival view against Kaplan–Meier: P(at least k more pages) on the test sessions. */
function survivalChart({ predictedCurve, kaplanMeierCurve }: NonNullable<TaskRun['survival']>): string {
  const k = Array.from(predictedCurve, (_, i) => i + 1);
  return lineChart({
    title: 'Survival on the test sessions: P(at least k more pages)',
    xLabel: 'k (pages after the current one)',
    yLabel: 'Share of pages still browsing',
    series: [
      { name: 'Kaplan–Meier (observed)', x: k, y: kaplanMeierCurve, markers: true },
      { name: 'model (mean predicted curve)', x: k, y: predictedCurve, markers: true, dashed: true },
    ],
    xDomain: [1, k.length],
    yDomain: [0, 1],
  });
}
