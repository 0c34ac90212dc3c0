import { DAYS_PER_UNIT } from '../../customers/index.ts';
import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
} from '../../ml/index.ts';
import { barChart, heatmapChart, lineChart } from '../../report/index.ts';
import type { CustomerValueRun } from './trainCustomerValue.ts';

/** The report's figures, file name → SVG. */
export function customerValueFigures(run: CustomerValueRun): Record<string, string> {
  const bgnbd = run.artifact.state.bgnbd.state;
  return {
    'p-alive-heatmap.svg': frequencyRecencyHeatmap(run, bgnbd, 'palive'),
    'expected-purchases-heatmap.svg': frequencyRecencyHeatmap(run, bgnbd, 'purchases'),
    'calibration-by-frequency.svg': calibrationByFrequency(run, [
      { name: 'BG/NBD', expected: run.scores.expectedPurchases },
    ]),
    'pareto-nbd-vs-bgnbd.svg': calibrationByFrequency(run, [
      { name: 'BG/NBD', expected: run.scores.expectedPurchases },
      { name: 'Pareto/NBD', expected: run.paretoNbd.expectedPurchases },
    ]),
    ...repeatTransactionFigures(run, bgnbd),
    'gains-purchase-flag.svg': gainsChart(run),
    'importance-purchase-flag.svg': importanceChart(run),
  };
}

/**
 * P(alive) or expected purchases in the horizon over frequency × recency for the longest-tenured
 * customer (lifetimes' plot_frequency_recency_matrix): rows x, columns tₓ as a share of T.
 */
function frequencyRecencyHeatmap(
  run: CustomerValueRun,
  params: BgNbdParameters,
  what: 'palive' | 'purchases',
): string {
  const { summary } = run.design.holdout;
  const unit = run.config.timeUnit;
  const T = Math.max(...summary.T);
  const maxX = Math.min(20, Math.max(1, quantile(summary.x, 0.99)));
  const columns = 12;
  const horizon = run.config.horizonDays / DAYS_PER_UNIT[unit];
  const values: number[] = [];
  const rowLabels: string[] = [];
  for (let x = maxX; x >= 0; x--) {
    rowLabels.push(String(x));
    for (let c = 0; c < columns; c++) {
      const tx = x === 0 ? 0 : (T * (c + 0.5)) / columns;
      values.push(
        what === 'palive'
          ? bgNbdProbabilityAlive(params, x, tx, T)
          : bgNbdConditionalExpectedPurchases(params, horizon, x, tx, T),
      );
    }
  }
  const columnLabels = Array.from({ length: columns }, (_, c) => ((T * (c + 0.5)) / columns).toFixed(0));
  return heatmapChart({
    title:
      what === 'palive'
        ? `P(alive) by frequency and recency (T = ${T.toFixed(1)} ${unit})`
        : `Expected purchases in the next ${run.config.horizonDays} days (T = ${T.toFixed(1)} ${unit})`,
    xLabel: `Recency tₓ (${unit} from first to last purchase)`,
    yLabel: 'Repeat purchases x',
    rowLabels,
    columnLabels,
    values,
    formatCell: what === 'palive' ? (v) => v.toFixed(2) : (v) => v.toFixed(1),
    ...(what === 'palive' ? { domain: [0, 1] as [number, number] } : {}),
  });
}

/**
 * Mean holdout purchases by calibration frequency: actual against each model's conditional
 * expectation (BG/NBD alone, or beside Pareto/NBD).
 */
function calibrationByFrequency(
  run: CustomerValueRun,
  models: { name: string; expected: Float64Array }[],
): string {
  const { summary, targets } = run.design.holdout;
  const groups = 8; // 0 … 6 and "7+"
  const columns = [targets.purchases, ...models.map((model) => model.expected)];
  const sums = columns.map(() => new Float64Array(groups));
  const counts = new Float64Array(groups);
  for (let i = 0; i < summary.x.length; i++) {
    const g = Math.min(groups - 1, summary.x[i]!);
    counts[g]!++;
    for (let k = 0; k < columns.length; k++) sums[k]![g]! += columns[k]![i]!;
  }
  const x: number[] = [];
  const means: number[][] = columns.map(() => []);
  for (let g = 0; g < groups; g++) {
    if (counts[g] === 0) continue;
    x.push(g);
    for (let k = 0; k < sums.length; k++) means[k]!.push(sums[k]![g]! / counts[g]!);
  }
  const names = ['actual', ...models.map((model) => model.name)];
  return lineChart({
    title: `Holdout purchases by calibration frequency${models.length > 1 ? `: ${models.map((model) => model.name).join(' vs ')}` : ''} (next ${run.config.horizonDays} days)`,
    xLabel: 'Repeat purchases in the calibration period (7 = 7 or more)',
    yLabel: 'Mean purchases in the holdout',
    series: means.map((y, k) => ({ name: names[k]!, x, y, markers: true, dashed: k > 0 })),
    yDomain: [0, 1.08 * Math.max(...means.flat())],
    legendCorner: 'top-left',
  });
}

/**
 * The papers' tracking plots: repeat transactions of the holdout customers per week and cumulated,
 * actual against BG/NBD's E[X(t)] summed over customers by their first-purchase day. Weeks after
 * the calibration end are out of sample.
 */
function repeatTransactionFigures(run: CustomerValueRun, params: BgNbdParameters): Record<string, string> {
  const { summary } = run.design.holdout;
  const { timelines } = run.design;
  const unitDays = DAYS_PER_UNIT[run.config.timeUnit];
  const end = run.config.calibrationEnd + run.config.horizonDays;
  const births = new Map<number, number>();
  let firstDay = Number.POSITIVE_INFINITY;
  for (let i = 0; i < summary.x.length; i++) {
    const birth = summary.calibrationEnd - Math.round(summary.T[i]! * unitDays);
    births.set(birth, (births.get(birth) ?? 0) + 1);
    firstDay = Math.min(firstDay, birth);
  }
  const weeks = Math.floor((end - firstDay) / 7);
  const actualWeekly = new Float64Array(weeks + 1);
  for (let i = 0; i < summary.x.length; i++) {
    const c = summary.logCustomer[i]!;
    for (let k = timelines.offsets[c]! + 1; k < timelines.offsets[c + 1]!; k++) {
      const day = timelines.day[k]!;
      if (day <= end) actualWeekly[Math.floor((day - firstDay) / 7)]!++;
    }
  }
  const expectedCumulative = new Float64Array(weeks + 1);
  for (let w = 0; w <= weeks; w++) {
    const day = Math.min(firstDay + 7 * (w + 1) - 1, end);
    let sum = 0;
    for (const [birth, count] of births) {
      if (birth <= day)
        sum += count * bgNbdConditionalExpectedPurchases(params, (day - birth) / unitDays, 0, 0, 0);
    }
    expectedCumulative[w] = sum;
  }
  const week = Array.from({ length: weeks + 1 }, (_, w) => w + 1);
  const actualCumulative = new Float64Array(weeks + 1);
  const expectedWeekly = new Float64Array(weeks + 1);
  for (let w = 0; w <= weeks; w++) {
    actualCumulative[w] = (w > 0 ? actualCumulative[w - 1]! : 0) + actualWeekly[w]!;
    expectedWeekly[w] = expectedCumulative[w]! - (w > 0 ? expectedCumulative[w - 1]! : 0);
  }
  const cutWeek = (run.config.calibrationEnd - firstDay) / 7 + 1;
  const cut = (top: number) => ({
    name: 'calibration end',
    x: [cutWeek, cutWeek],
    y: [0, top],
    dashed: true,
    color: '#888',
  });
  return {
    'repeat-transactions-cumulative.svg': lineChart({
      title: 'Cumulative repeat transactions: actual vs BG/NBD',
      xLabel: 'Week since the first purchase in the data',
      yLabel: 'Repeat transactions',
      series: [
        { name: 'actual', x: week, y: actualCumulative },
        { name: 'BG/NBD', x: week, y: expectedCumulative, dashed: true },
        cut(Math.max(actualCumulative[weeks]!, expectedCumulative[weeks]!)),
      ],
      legendCorner: 'top-left',
    }),
    'repeat-transactions-weekly.svg': lineChart({
      title: 'Weekly repeat transactions: actual vs BG/NBD',
      xLabel: 'Week since the first purchase in the data',
      yLabel: 'Repeat transactions per week',
      series: [
        { name: 'actual', x: week, y: actualWeekly },
        { name: 'BG/NBD', x: week, y: expectedWeekly, dashed: true },
        cut(Math.max(...actualWeekly, ...expectedWeekly)),
      ],
      legendCorner: 'bottom-right',
    }),
  };
}

/** Share of holdout buyers reached when contacting the top share of customers, per model. */
function gainsChart(run: CustomerValueRun): string {
  const { purchased } = run.design.holdout.targets;
  const curve = (score: Float64Array) => {
    const order = Int32Array.from(score.keys()).sort((i, j) => score[j]! - score[i]!);
    const total = purchased.reduce((sum, y) => sum + y, 0);
    const points = 100;
    const x = [0];
    const y = [0];
    let reached = 0;
    for (let k = 0; k < order.length; k++) {
      reached += purchased[order[k]!]!;
      if ((k + 1) % Math.max(1, Math.floor(order.length / points)) === 0 || k === order.length - 1) {
        x.push((k + 1) / order.length);
        y.push(reached / total);
      }
    }
    return { x, y };
  };
  return lineChart({
    title: `Gains chart: buyers in the next ${run.config.horizonDays} days`,
    xLabel: 'Share of customers contacted (highest score first)',
    yLabel: 'Share of buyers reached',
    series: [
      { name: 'supervised (boosting)', ...curve(run.scores.supervisedPurchaseProbability) },
      { name: 'BG/NBD P(purchase)', ...curve(run.scores.purchaseProbability), dashed: true },
    ],
    diagonal: true,
    xDomain: [0, 1],
    yDomain: [0, 1],
    legendCorner: 'bottom-right',
  });
}

function importanceChart(run: CustomerValueRun): string {
  const names = run.artifact.featureNames;
  const order = names
    .map((_, j) => j)
    .sort((a, b) => run.importances.purchase[b]! - run.importances.purchase[a]!);
  return barChart({
    title: 'Supervised purchase-flag model: gain importance',
    xLabel: 'Share of total gain',
    labels: order.map((j) => names[j]!),
    values: order.map((j) => run.importances.purchase[j]!),
  });
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
