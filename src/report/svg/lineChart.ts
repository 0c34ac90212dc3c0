import {
  axes,
  DEFAULT_LAYOUT,
  type Layout,
  type LegendCorner,
  type LegendEntry,
  legend,
  plotBox,
  svgDocument,
} from './frame.ts';
import { extent, linearScale, logScale } from './scale.ts';
import { PALETTE, px } from './xml.ts';

/** One line of a chart. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dashed?: boolean;
  /** Draw a dot at every point (for short series such as binned means). */
  markers?: boolean;
  color?: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** `log` needs positive values; non-positive points are left out. */
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  /** A grey dashed y = x line (ROC chance line, perfect calibration). */
  diagonal?: boolean;
  legendCorner?: LegendCorner;
  layout?: Layout;
}

/** Longest polyline kept per series: enough for a smooth curve, small enough for a light file. */
const MAX_POINTS = 400;

/**
 * A line chart as an SVG document: axes with nice ticks, grid, axis titles, legend and title.
 *
 * @example
 * lineChart({ title: 'ROC', xLabel: 'False positive rate', yLabel: 'True positive rate',
 *   series: [{ name: 'model', x: fpr, y: tpr }], diagonal: true });
 */
export function lineChart(options: LineChartOptions): string {
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const box = plotBox(layout);
  const xDomain = options.xDomain ?? extent(options.series.map((s) => s.x));
  const yDomain = options.yDomain ?? extent(options.series.map((s) => s.y));
  const x =
    options.xScale === 'log'
      ? logScale(xDomain, [box.left, box.right])
      : linearScale(xDomain, [box.left, box.right]);
  const y =
    options.yScale === 'log'
      ? logScale(yDomain, [box.bottom, box.top])
      : linearScale(yDomain, [box.bottom, box.top]);
  const body = axes(layout, x, y, options.xLabel, options.yLabel);
  body.push(
    `<clipPath id="plot"><rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}"/></clipPath>`,
  );
  body.push(`<g clip-path="url(#plot)" fill="none">`);
  if (options.diagonal) {
    const lo = Math.max(xDomain[0], yDomain[0]);
    const hi = Math.min(xDomain[1], yDomain[1]);
    body.push(
      `<line x1="${px(x(lo))}" y1="${px(y(lo))}" x2="${px(x(hi))}" y2="${px(y(hi))}" stroke="#999" stroke-dasharray="4 4"/>`,
    );
  }
  const entries: LegendEntry[] = [];
  options.series.forEach((series, i) => {
    const color = series.color ?? PALETTE[i % PALETTE.length];
    const keep = (v: number, scale: 'linear' | 'log' | undefined) =>
      Number.isFinite(v) && (scale !== 'log' || v > 0);
    const points: string[] = [];
    for (const k of sampledIndexes(series.x.length)) {
      if (keep(series.x[k], options.xScale) && keep(series.y[k], options.yScale)) {
        points.push(`${px(x(series.x[k]))},${px(y(series.y[k]))}`);
      }
    }
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    body.push(`<polyline points="${points.join(' ')}" stroke="${color}" stroke-width="2"${dash}/>`);
    if (series.markers) {
      for (const point of points) {
        const [cx, cy] = point.split(',');
        body.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
      }
    }
    entries.push({ label: series.name, color, dashed: series.dashed });
  });
  body.push('</g>');
  body.push(...legend(layout, entries, options.legendCorner ?? 'bottom-right'));
  return svgDocument(layout, options.title, body);
}

/** Every step-th index up to MAX_POINTS, always ending on the last point. */
function sampledIndexes(n: number): number[] {
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const indexes: number[] = [];
  for (let k = 0; k < n; k += step) indexes.push(k);
  if (n > 0 && indexes[indexes.length - 1] !== n - 1) indexes.push(n - 1);
  return indexes;
}
