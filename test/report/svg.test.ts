import { describe, expect, it } from 'vitest';
import {
  barChart,
  confusionMatrixChart,
  heatmapChart,
  lineChart,
  niceTicks,
} from '../../src/report/svg/index.ts';

/** Well-formedness: every tag closes in order, the root is one <svg>, attributes are quoted. */
function expectWellFormedSvg(svg: string): void {
  const stack: string[] = [];
  let roots = 0;
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
  // Nothing that looks like a tag was skipped by the pattern above (e.g. an unquoted attribute).
  expect(svg.replace(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toMatch(/[<>]/);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

describe('the SVG chart writer', () => {
  const chart = lineChart({
    title: 'ROC <test> & more',
    xLabel: 'False positive rate',
    yLabel: 'True positive rate',
    series: [
      { name: 'model A', x: [0, 0.5, 1], y: [0, 0.8, 1] },
      { name: 'oracle', x: [0, 0.3, 1], y: [0, 0.9, 1], dashed: true },
    ],
    xDomain: [0, 1],
    yDomain: [0, 1],
    diagonal: true,
  });

  it('writes a well-formed SVG document with the title escaped', () => {
    expectWellFormedSvg(chart);
    expect(chart).toContain('<title>ROC &lt;test&gt; &amp; more</title>');
  });

  it('draws both axes with tick labels and axis titles', () => {
    expect(chart).toContain('class="x-axis"');
    expect(chart).toContain('class="y-axis"');
    for (const tick of ['0', '0.2', '0.4', '0.6', '0.8', '1']) expect(chart).toContain(`>${tick}</text>`);
    expect(chart).toContain('>False positive rate</text>');
    expect(chart).toContain('>True positive rate</text>');
  });

  it('draws one line per series and a legend naming each, dashed where asked', () => {
    expect(chart.match(/<polyline /g)).toHaveLength(2);
    expect(chart).toContain('class="legend"');
    expect(chart).toContain('>model A</text>');
    expect(chart).toContain('>oracle</text>');
    expect(chart.match(/stroke-dasharray="6 4"/g)).toHaveLength(1);
  });

  it('thins long series to a few hundred points so figures stay small', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', x, y: x }] });
    expect(svg.length).toBeLessThan(20_000);
    const points = svg.match(/<polyline points="([^"]+)"/)?.[1].split(' ') ?? [];
    expect(points.length).toBeLessThanOrEqual(401);
    expect(points.at(-1)).toBe('620,44'); // the last point (1, 1) is always kept
  });

  it('leaves non-positive points out of log scales', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      xScale: 'log',
      yScale: 'log',
      xDomain: [0.1, 100],
      yDomain: [0.1, 100],
      series: [{ name: 's', x: [0, 1, 10], y: [1, 0, 10], markers: true }],
    });
    expectWellFormedSvg(svg);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    for (const tick of ['0.1', '1', '10', '100']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('writes bar charts and confusion matrices as well-formed SVG with their labels', () => {
    const bars = barChart({
      title: 'Importance',
      xLabel: 'gain',
      labels: ['pageId', 'clicks'],
      values: [0.6, 0.4],
      errors: [0.1, 0],
    });
    expectWellFormedSvg(bars);
    expect(bars).toContain('>pageId</text>');
    expect(bars.match(/<rect x/g)?.length).toBeGreaterThanOrEqual(2);
    const matrix = confusionMatrixChart({
      title: 'CM',
      truePositive: 5,
      falsePositive: 3,
      trueNegative: 1200,
      falseNegative: 2,
    });
    expectWellFormedSvg(matrix);
    expect(matrix).toContain('>1,200</text>');
    expect(matrix).toContain('>Predicted</text>');
    expect(matrix).toContain('>Actual</text>');
  });

  it('picks nice tick steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.083, 5)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('draws a heatmap with one shaded cell per observed value and none for NaN', () => {
    const heatmap = heatmapChart({
      title: 'Retention',
      xLabel: 'Months since',
      yLabel: 'Cohort',
      rowLabels: ['1997-01', '1997-02'],
      columnLabels: ['0', '1', '2'],
      values: [1, 0.2, 0.1, 1, 0.3, Number.NaN],
      formatCell: (v) => `${Math.round(v * 100)} %`,
    });
    expectWellFormedSvg(heatmap);
    expect(heatmap.match(/<rect class="cell"/g)).toHaveLength(5);
    expect(heatmap).toContain('>30 %</text>');
    expect(heatmap).toContain('fill="rgb(0, 114, 178)"');
  });
});
