import { formatMetric, formatPercent, heatmapChart, markdownTable } from '../report/index.ts';
import type { LtvProxyResult } from './ltvProxy.ts';

/** The LTV-proxy section of the segments report and its confusion-matrix figure (best model). */
export function ltvProxySection(result: LtvProxyResult): {
  markdown: string;
  figures: Record<string, string>;
} {
  const k = result.labels.length;
  const models = result.scores.slice(0, -1);
  const best = models.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  const naive = result.scores.at(-1)!;
  // Rows normalised to the actual bucket: the share of each actual bucket predicted as each.
  const shares = best.confusion.map((count, cell) => {
    const row = Math.floor(cell / k);
    const total = best.confusion.slice(row * k, (row + 1) * k).reduce((s, v) => s + v, 0);
    return total > 0 ? count / total : Number.NaN;
  });
  const figures = {
    'ltv-proxy-confusion.svg': heatmapChart({
      title: `LTV proxy, ${best.model}: share of each actual bucket predicted as each`,
      xLabel: 'Predicted six-month spend bucket',
      yLabel: 'Actual bucket',
      rowLabels: result.labels,
      columnLabels: result.labels,
      values: shares,
      domain: [0, 1],
      formatCell: (v) => `${Math.round(v * 100)} %`,
    }),
  };
  const verdict =
    best.macroF1 > naive.macroF1
      ? `The ${best.model} beats the naive guess by ${formatMetric(best.macroF1 - naive.macroF1, 3)} macro-F1.`
      : `Neither model beats the naive guess "same bucket as the last 180 days" on macro-F1 here (${formatMetric(best.macroF1, 3)} vs ${formatMetric(naive.macroF1, 3)}): with the training cut-off at ${result.trainCutOff}, the training customers' histories are shorter than the test customers', and recent spend already carries most of the signal.`;
  const markdown = [
    '## LTV proxy: six-month spend buckets',
    '',
    `Chronological: features at ${result.trainCutOff} (${result.trainCustomers.toLocaleString('en-US')} customers) learn the bucket of the next ${result.horizonDays} days; the models are judged at ${result.testCutOff} (${result.testCustomers.toLocaleString('en-US')} customers) on the ${result.horizonDays} days that end the data. Buckets: no spend, then quantiles of the training window's positive spend (${result.edges
      .slice(1)
      .map((e) => formatMetric(e))
      .join(
        ', ',
      )}). One-vs-rest with our binary classifiers; each bucket's probability is divided by its training share before the argmax, since macro-F1 weighs every bucket alike.`,
    '',
    markdownTable(
      ['model', 'macro-F1', 'accuracy', ...result.labels.map((l) => `F1 ${l}`)],
      result.scores.map((s) => [
        s.model,
        formatMetric(s.macroF1, 3),
        formatPercent(s.accuracy),
        ...s.perClass.map((c) => formatMetric(c.f1, 3)),
      ]),
    ),
    '',
    `Test customers per bucket: ${result.labels.map((l, c) => `${l}: ${formatPercent(result.testShares[c])}`).join(', ')}. ${verdict}`,
    '',
    `Confusion matrix of the ${best.model} (counts, rows actual, columns predicted):`,
    '',
    markdownTable(
      ['actual \\ predicted', ...result.labels],
      result.labels.map((label, r) => [
        label,
        ...best.confusion.slice(r * k, (r + 1) * k).map((v) => v.toLocaleString('en-US')),
      ]),
    ),
    '',
    '![LTV proxy confusion matrix](ltv-proxy-confusion.svg)',
    '',
  ].join('\n');
  return { markdown, figures };
}
