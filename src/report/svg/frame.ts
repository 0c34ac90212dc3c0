import type { Scale } from './scale.ts';
import { escapeXml, formatTick, px } from './xml.ts';

/** Size and margins of a chart in pixels. */
export interface Layout {
  width: number;
  height: number;
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
}

export const DEFAULT_LAYOUT: Layout = {
  width: 640,
  height: 440,
  marginLeft: 70,
  marginRight: 20,
  marginTop: 44,
  marginBottom: 56,
};

export function plotBox(layout: Layout) {
  return {
    left: layout.marginLeft,
    right: layout.width - layout.marginRight,
    top: layout.marginTop,
    bottom: layout.height - layout.marginBottom,
  };
}

/** The `<svg>` element with a white background, a title and a font that every viewer has. */
export function svgDocument(layout: Layout, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${layout.width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Both axes with ticks, grid lines, tick labels and axis titles. */
export function axes(layout: Layout, x: Scale, y: Scale, xLabel: string, yLabel: string): string[] {
  const box = plotBox(layout);
  const out: string[] = [`<g class="grid" stroke="#e5e5e5" stroke-width="1">`];
  for (const t of x.ticks)
    out.push(`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${box.top}" y2="${box.bottom}"/>`);
  for (const t of y.ticks)
    out.push(`<line x1="${box.left}" x2="${box.right}" y1="${px(y(t))}" y2="${px(y(t))}"/>`);
  out.push('</g>');
  out.push(`<g class="x-axis">`);
  out.push(`<line x1="${box.left}" x2="${box.right}" y1="${box.bottom}" y2="${box.bottom}" stroke="#333"/>`);
  for (const t of x.ticks) {
    out.push(
      `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${box.bottom}" y2="${box.bottom + 5}" stroke="#333"/>`,
    );
    out.push(`<text x="${px(x(t))}" y="${box.bottom + 18}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  out.push(
    `<text x="${(box.left + box.right) / 2}" y="${layout.height - 14}" text-anchor="middle" font-size="13">${escapeXml(xLabel)}</text>`,
  );
  out.push('</g>', `<g class="y-axis">`);
  out.push(`<line x1="${box.left}" x2="${box.left}" y1="${box.top}" y2="${box.bottom}" stroke="#333"/>`);
  for (const t of y.ticks) {
    out.push(`<line x1="${box.left - 5}" x2="${box.left}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="#333"/>`);
    out.push(`<text x="${box.left - 8}" y="${px(y(t) + 4)}" text-anchor="end">${formatTick(t)}</text>`);
  }
  const midY = (box.top + box.bottom) / 2;
  out.push(
    `<text x="16" y="${midY}" text-anchor="middle" font-size="13" transform="rotate(-90 16 ${midY})">${escapeXml(yLabel)}</text>`,
  );
  out.push('</g>');
  return out;
}

/** One legend entry. */
export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
}

export type LegendCorner = 'top-left' | 'bottom-left' | 'bottom-right';

/** A boxed legend in a corner of the plot area. */
export function legend(layout: Layout, entries: readonly LegendEntry[], corner: LegendCorner): string[] {
  if (entries.length === 0) return [];
  const box = plotBox(layout);
  const rowHeight = 18;
  const longest = Math.max(...entries.map((e) => e.label.length));
  const width = 40 + longest * 6.6;
  const height = entries.length * rowHeight + 8;
  const x0 = corner === 'bottom-right' ? box.right - width - 10 : box.left + 10;
  const y0 = corner === 'top-left' ? box.top + 10 : box.bottom - height - 10;
  const out = [
    `<g class="legend">`,
    `<rect x="${px(x0)}" y="${y0}" width="${px(width)}" height="${height}" fill="#ffffff" fill-opacity="0.9" stroke="#999"/>`,
  ];
  entries.forEach((entry, i) => {
    const y = y0 + 4 + rowHeight * i + rowHeight / 2;
    const dash = entry.dashed ? ' stroke-dasharray="5 4"' : '';
    out.push(
      `<line x1="${px(x0 + 8)}" x2="${px(x0 + 30)}" y1="${y}" y2="${y}" stroke="${entry.color}" stroke-width="2.5"${dash}/>`,
    );
    out.push(`<text x="${px(x0 + 36)}" y="${y + 4}">${escapeXml(entry.label)}</text>`);
  });
  out.push('</g>');
  return out;
}
