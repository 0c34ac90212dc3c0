import { DEFAULT_LAYOUT, type Layout, svgDocument } from './frame.ts';
import { escapeXml, formatTick, px } from './xml.ts';

export interface HeatmapOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** rows × columns, row-major; NaN leaves a cell blank (not observed). */
  values: ArrayLike<number>;
  /** Text in each cell (default: a compact number); null to print none. */
  formatCell?: ((value: number) => string) | null;
  /** Colour scale bounds (default: the values' range). */
  domain?: [number, number];
}

/**
 * A grid of shaded cells, white for the domain's low end to blue for its high end, with the value
 * printed in each cell when it fits: cohort retention, expected purchases over frequency × recency.
 *
 * @example
 * heatmapChart({ title: 'Retention', xLabel: 'Months since first purchase', yLabel: 'Cohort',
 *   rowLabels: ['1997-01'], columnLabels: ['0', '1'], values: [1, 0.21], formatCell: (v) => `${Math.round(v * 100)}` });
 */
export function heatmapChart(options: HeatmapOptions): string {
  const { rowLabels, columnLabels, values } = options;
  const rows = rowLabels.length;
  const columns = columnLabels.length;
  // Wide enough for the column labels when there are few columns (bucket ranges), else squeezed.
  const longestColumnLabel = Math.max(0, ...columnLabels.map((l) => l.length));
  const cellWidth = Math.max(
    16,
    Math.min(Math.max(60, longestColumnLabel * 6.8 + 10), 560 / Math.max(1, columns)),
  );
  const cellHeight = Math.max(12, Math.min(30, 520 / Math.max(1, rows)));
  const labelWidth = Math.max(40, Math.max(0, ...rowLabels.map((l) => l.length)) * 6.8 + 14);
  const layout: Layout = {
    ...DEFAULT_LAYOUT,
    marginLeft: labelWidth + 24,
    marginRight: 90,
    // The title is centred on the whole figure: never narrower than it.
    width: Math.max(labelWidth + 24 + cellWidth * columns + 90, options.title.length * 8.6 + 40),
    height: DEFAULT_LAYOUT.marginTop + cellHeight * rows + DEFAULT_LAYOUT.marginBottom + 8,
  };
  let [low, high] = options.domain ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  if (!options.domain) {
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) continue;
      low = Math.min(low, values[i]);
      high = Math.max(high, values[i]);
    }
  }
  if (!(high > low)) high = low + 1;
  const shade = (value: number) => Math.max(0, Math.min(1, (value - low) / (high - low)));
  const format = options.formatCell === undefined ? formatTick : options.formatCell;
  const showText = format !== null && cellWidth >= 26 && cellHeight >= 14;
  const left = layout.marginLeft;
  const top = layout.marginTop;
  const body: string[] = [];
  for (let r = 0; r < rows; r++) {
    const y = top + r * cellHeight;
    body.push(
      `<text x="${left - 6}" y="${px(y + cellHeight / 2 + 4)}" text-anchor="end">${escapeXml(rowLabels[r])}</text>`,
    );
    for (let c = 0; c < columns; c++) {
      const value = values[r * columns + c];
      if (Number.isNaN(value)) continue;
      const x = left + c * cellWidth;
      const s = shade(value);
      body.push(
        `<rect class="cell" x="${px(x)}" y="${px(y)}" width="${px(cellWidth)}" height="${px(cellHeight)}" fill="${blue(s)}" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(`${rowLabels[r]}, ${columnLabels[c]}: ${formatTick(value)}`)}</title></rect>`,
      );
      if (showText && format) {
        body.push(
          `<text x="${px(x + cellWidth / 2)}" y="${px(y + cellHeight / 2 + 4)}" text-anchor="middle" font-size="10" fill="${s > 0.55 ? '#ffffff' : '#000000'}">${escapeXml(format(value))}</text>`,
        );
      }
    }
  }
  const bottom = top + rows * cellHeight;
  const step = Math.max(1, Math.ceil(columns / Math.floor((cellWidth * columns) / 36)));
  for (let c = 0; c < columns; c += step) {
    body.push(
      `<text x="${px(left + c * cellWidth + cellWidth / 2)}" y="${px(bottom + 16)}" text-anchor="middle">${escapeXml(columnLabels[c])}</text>`,
    );
  }
  body.push(
    `<text x="${px(left + (cellWidth * columns) / 2)}" y="${px(bottom + 38)}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}</text>`,
    `<text x="14" y="${px((top + bottom) / 2)}" text-anchor="middle" font-size="13" transform="rotate(-90 14 ${px((top + bottom) / 2)})">${escapeXml(options.yLabel)}</text>`,
  );
  // Colour key: five steps from low to high.
  const keyX = left + cellWidth * columns + 16;
  for (let k = 0; k < 5; k++) {
    const value = low + ((high - low) * (4 - k)) / 4;
    const y = top + k * 22;
    body.push(
      `<rect x="${px(keyX)}" y="${y}" width="16" height="16" fill="${blue(shade(value))}" stroke="#999"/>`,
      `<text x="${px(keyX + 22)}" y="${y + 12}">${formatTick(value)}</text>`,
    );
  }
  return svgDocument(layout, options.title, body);
}

/** White (0) to the palette's blue #0072B2 (1). */
function blue(share: number): string {
  const mix = (from: number, to: number) => Math.round(from + (to - from) * share);
  return `rgb(${mix(255, 0)}, ${mix(255, 114)}, ${mix(255, 178)})`;
}
