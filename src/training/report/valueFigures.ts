import { displayName, formatMetric, lineChart, type Series } from '../../report/index.ts';
import type { TaskRun } from '../models/trainTask.ts';

const BINS = 20;

/** Rows ordered by prediction, highest first. */
function orderDescending(prediction: Float64Array): Uint32Array {
  const order = new Uint32Array(prediction.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => prediction[b] - prediction[a]);
}

/**
 * Mean prediction and mean actual value in equal-count bins of the prediction: readable where a
 * scatter of 100k mostly-zero revenues is not.
 *
 * @example
 * binnedMeans(pred, y, 20).meanPredicted.length; // 20
 */
export function binnedMeans(prediction: Float64Array, actual: Float64Array, bins = BINS) {
  const order = orderDescending(prediction).reverse();
  const meanPredicted: number[] = [];
  const meanActual: number[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * order.length) / bins);
    const to = Math.floor(((b + 1) * order.length) / bins);
    if (to <= from) continue;
    let p = 0;
    let a = 0;
    for (let k = from; k < to; k++) {
      p += prediction[order[k]];
      a += actual[order[k]];
    }
    meanPredicted.push(p / (to - from));
    meanActual.push(a / (to - from));
  }
  return { meanPredicted, meanActual };
}

/** Share of all actual revenue found in the top x share of rows ranked by prediction (the Gini curve). */
export function cumulativeGain(prediction: Float64Array, actual: Float64Array, points = 200) {
  const order = orderDescending(prediction);
  let total = 0;
  for (let i = 0; i < actual.length; i++) total += actual[i];
  const share: number[] = [0];
  const captured: number[] = [0];
  let running = 0;
  let next = 1;
  for (let k = 0; k < order.length; k++) {
    running += actual[order[k]];
    if (k + 1 >= (next * order.length) / points || k === order.length - 1) {
      share.push((k + 1) / order.length);
      captured.push(total > 0 ? running / total : 0);
      next++;
    }
  }
  return { share, captured };
}

/**
 * The session-value report's figures: predicted vs actual (binned means, log–log) and the
 * cumulative gain curve of every model and the oracle.
 *
 * @example
 * const figures = valueFigures(run, yTest); // { 'predicted-vs-actual.svg': …, 'gain.svg': … }
 */
export function valueFigures(run: TaskRun, yTest: Float64Array): Record<string, string> {
  const scored = run.models.map((m) => ({
    label: displayName(m.name),
    prediction: m.testPrediction,
    dashed: false,
  }));
  if (run.observableOracleTestPrediction)
    scored.push({ label: 'observable oracle', prediction: run.observableOracleTestPrediction, dashed: true });
  if (run.oracleTestPrediction)
    scored.push({ label: 'oracle', prediction: run.oracleTestPrediction, dashed: true });
  const calibrationSeries: Series[] = scored.map((s) => {
    const { meanPredicted, meanActual } = binnedMeans(s.prediction, yTest);
    return { name: s.label, x: meanPredicted, y: meanActual, markers: true, dashed: s.dashed };
  });
  const positives = calibrationSeries
    .flatMap((s) => [...Array.from(s.x), ...Array.from(s.y)])
    .filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(1e-3, Math.min(...positives))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positives)));
  const gini = (label: string) =>
    label === 'oracle'
      ? run.oracleMetrics?.normalizedGini
      : label === 'observable oracle'
        ? run.observableOracleMetrics?.normalizedGini
        : run.models.find((m) => displayName(m.name) === label)?.testMetrics.normalizedGini;
  const gainSeries: Series[] = scored.map((s) => {
    const { share, captured } = cumulativeGain(s.prediction, yTest);
    return {
      name: `${s.label} (Gini ${formatMetric(gini(s.label), 3)})`,
      x: share,
      y: captured,
      dashed: s.dashed,
    };
  });
  return {
    'predicted-vs-actual.svg': lineChart({
      title: 'Predicted vs actual remaining revenue (20 equal-count bins, test)',
      xLabel: 'Mean predicted remaining revenue in bin (yuan, log scale)',
      yLabel: 'Mean actual remaining revenue (yuan, log)',
      series: calibrationSeries,
      xScale: 'log',
      yScale: 'log',
      xDomain: [lo, hi],
      yDomain: [lo, hi],
      diagonal: true,
      legendCorner: 'top-left',
    }),
    'gain.svg': lineChart({
      title: 'Cumulative gain: revenue captured by the top-ranked pages (test)',
      xLabel: 'Share of pages, ranked by predicted value',
      yLabel: 'Share of actual remaining revenue',
      series: gainSeries,
      xDomain: [0, 1],
      yDomain: [0, 1],
      diagonal: true,
    }),
  };
}
