import { DEFAULT_LAYOUT, type Layout, plotBox, svgDocument } from './frame.ts';
import { linearScale, niceDomain } from './scale.ts';
import { escapeXml, formatTick, PALETTE, px } from './xml.ts';

export interface BarChartOptions {
  title: string;
  /** Title of the value axis. */
  xLabel: string;
  labels: readonly string[];
  values: ArrayLike<number>;
  /** Optional error bars (e.g. ± one standard deviation of permutation importance). */
  errors?: ArrayLike<number>;
  color?: string;
  layout?: Partial<Layout>;
}

/**
 * Horizontal bars, one per label, in the order given (sort before calling): feature importances.
 *
 * @example
 * barChart({ title: 'Gain importance', xLabel: 'Share of total gain', labels: names, values: gains });
 */
export function barChart(options: BarChartOptions): string {
  const rowHeight = 20;
  const labelWidth = Math.max(80, Math.max(...options.labels.map((l) => l.length)) * 6.8 + 12);
  const layout: Layout = {
    ...DEFAULT_LAYOUT,
    marginLeft: labelWidth,
    marginRight: 40,
    height: DEFAULT_LAYOUT.marginTop + DEFAULT_LAYOUT.marginBottom + rowHeight * options.labels.length,
    ...options.layout,
  };
  const box = plotBox(layout);
  let min = 0;
  let max = 0;
  for (let i = 0; i < options.values.length; i++) {
    const hi = options.values[i] + (options.errors?.[i] ?? 0);
    min = Math.min(min, options.values[i]);
    max = Math.max(max, hi);
  }
  const x = linearScale(niceDomain(min, max > min ? max : min + 1), [box.left, box.right]);
  const body: string[] = [`<g stroke="#e5e5e5">`];
  for (const t of x.ticks)
    body.push(`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${box.top}" y2="${box.bottom}"/>`);
  body.push('</g>');
  const color = options.color ?? PALETTE[0];
  options.labels.forEach((label, i) => {
    const y = box.top + i * rowHeight;
    const v = options.values[i];
    const x0 = x(Math.min(0, v));
    const width = Math.abs(x(v) - x(0));
    body.push(
      `<rect x="${px(x0)}" y="${y + 3}" width="${px(width)}" height="${rowHeight - 6}" fill="${color}"/>`,
    );
    const error = options.errors?.[i];
    if (error !== undefined && error > 0) {
      body.push(
        `<line x1="${px(x(v - error))}" x2="${px(x(v + error))}" y1="${y + rowHeight / 2}" y2="${y + rowHeight / 2}" stroke="#333"/>`,
      );
    }
    body.push(
      `<text x="${box.left - 6}" y="${y + rowHeight / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`,
    );
  });
  body.push(`<g class="x-axis">`);
  body.push(`<line x1="${box.left}" x2="${box.right}" y1="${box.bottom}" y2="${box.bottom}" stroke="#333"/>`);
  body.push(`<line x1="${px(x(0))}" x2="${px(x(0))}" y1="${box.top}" y2="${box.bottom}" stroke="#333"/>`);
  for (const t of x.ticks) {
    body.push(
      `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${box.bottom}" y2="${box.bottom + 5}" stroke="#333"/>`,
    );
    body.push(`<text x="${px(x(t))}" y="${box.bottom + 18}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  body.push(
    `<text x="${(box.left + box.right) / 2}" y="${layout.height - 14}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}</text>`,
    '</g>',
  );
  return svgDocument(layout, options.title, body);
}
