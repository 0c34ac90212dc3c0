import { DEFAULT_LAYOUT, type Layout, svgDocument } from './frame.ts';
import { escapeXml } from './xml.ts';

export interface ConfusionMatrixOptions {
  title: string;
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
  positiveLabel?: string;
  negativeLabel?: string;
}

/**
 * A 2×2 confusion matrix: counts and row shares, shaded by the share of the actual class.
 *
 * @example
 * confusionMatrixChart({ title: 'Churn at threshold 0.31', truePositive: 120, falsePositive: 80, trueNegative: 700, falseNegative: 100 });
 */
export function confusionMatrixChart(options: ConfusionMatrixOptions): string {
  const layout: Layout = { ...DEFAULT_LAYOUT, width: 520, height: 420 };
  const pos = options.positiveLabel ?? 'churn';
  const neg = options.negativeLabel ?? 'stay';
  const cell = 150;
  const left = 170;
  const top = 90;
  const rows = [
    { actual: neg, cells: [options.trueNegative, options.falsePositive] },
    { actual: pos, cells: [options.falseNegative, options.truePositive] },
  ];
  const body: string[] = [
    `<text x="${left + cell}" y="${top - 34}" text-anchor="middle" font-size="13" font-weight="bold">Predicted</text>`,
    `<text x="${left + cell / 2}" y="${top - 10}" text-anchor="middle">${escapeXml(neg)}</text>`,
    `<text x="${left + cell * 1.5}" y="${top - 10}" text-anchor="middle">${escapeXml(pos)}</text>`,
    `<text x="${left - 70}" y="${top + cell}" text-anchor="middle" font-size="13" font-weight="bold" transform="rotate(-90 ${left - 70} ${top + cell})">Actual</text>`,
  ];
  rows.forEach((row, r) => {
    const total = row.cells[0] + row.cells[1];
    body.push(
      `<text x="${left - 12}" y="${top + cell * r + cell / 2 + 4}" text-anchor="end">${escapeXml(row.actual)}</text>`,
    );
    row.cells.forEach((count, c) => {
      const share = total > 0 ? count / total : 0;
      const correct = r === c;
      const fill = correct
        ? `rgba(0, 114, 178, ${(0.1 + 0.8 * share).toFixed(3)})`
        : `rgba(213, 94, 0, ${(0.1 + 0.8 * share).toFixed(3)})`;
      const textColor = share > 0.55 ? '#ffffff' : '#000000';
      const x = left + cell * c;
      const y = top + cell * r;
      body.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#333"/>`);
      body.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" font-size="20" fill="${textColor}">${count.toLocaleString('en-US')}</text>`,
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 22}" text-anchor="middle" fill="${textColor}">${(share * 100).toFixed(1)} % of actual ${escapeXml(row.actual)}</text>`,
      );
    });
  });
  return svgDocument(layout, options.title, body);
}
