/**
 * Render rows as an aligned plain-text table: numbers right-aligned, text left-aligned.
 *
 * @example
 * renderTable(['feature', 'PSI'], [['ageLevel', '0.412']]);
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // A blank cell (a value not repeated under itself) leaves a column of numbers right-aligned.
  const numeric = header.map(
    (_, c) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+( ?[%a-z]+)?$|^—$|^$/.test(r[c] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A number with fixed decimals, or an em dash for null/NaN. */
export function fmt(value: number | null | undefined, decimals = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(decimals);
}

/** A share as a percentage. */
export function pct(share: number | null | undefined, decimals = 1): string {
  return share === null || share === undefined || Number.isNaN(share)
    ? '—'
    : `${(100 * share).toFixed(decimals)} %`;
}

/** A window's bounds in UTC, for headings. */
export function period(fromMs: number, toMs: number): string {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${iso(fromMs)} → ${iso(toMs)} UTC`;
}
