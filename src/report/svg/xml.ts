/** Escape text for an SVG/XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number printed short enough for SVG coordinates (2 decimals). */
export function px(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

/** A tick label: compact, no float noise (0.30000000000000004 → 0.3, 12000 → 12k). */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return Number.parseFloat(value.toPrecision(4)).toString();
}

/** Okabe–Ito: distinguishable by colour-blind readers, in print and on screen. */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#F0E442',
  '#000000',
];
