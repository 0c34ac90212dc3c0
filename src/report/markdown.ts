/**
 * A GitHub-flavoured markdown table, padded and aligned (as Biome formats tables) so the raw
 * report.md reads as a table in a terminal or a diff too.
 *
 * @example
 * markdownTable(['model', 'AUC'], [['gbm', '0.81']], ['left', 'right']);
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = header.map((_, i) => (i === 0 ? 'left' : 'right')),
): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  const table = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map((_, j) => Math.max(3, ...table.map((row) => [...(row[j] ?? '')].length)));
  const pad = (cell: string, j: number) => {
    const fill = ' '.repeat(widths[j] - [...cell].length);
    return align[j] === 'right' ? fill + cell : cell + fill;
  };
  const line = (row: readonly string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = widths.map((w, j) =>
    align[j] === 'right' ? `${'-'.repeat(w - 1)}:` : `:${'-'.repeat(w - 1)}`,
  );
  return [line(table[0]), `| ${rule.join(' | ')} |`, ...table.slice(1).map(line)].join('\n');
}

/** A metric for a table: 4 significant digits, thousands grouped; "–" when missing or NaN. */
export function formatMetric(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toString();
}

/** A share as a percentage with one decimal: 0.1234 → "12.3 %". */
export function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)} %` : '–';
}

/** Human names of model families for prose and tables. */
export function displayName(name: string): string {
  return name.replace(/-/g, ' ');
}

const METRIC_LABELS: Record<string, string> = {
  rocAuc: 'ROC AUC',
  prAuc: 'PR AUC',
  tweedieDeviance: 'Tweedie deviance',
  rmse: 'RMSE',
  mae: 'MAE',
};

/** A metric key as a reader writes it: rocAuc → "ROC AUC". */
export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric;
}

/** A display name starting a sentence: "gradient boosting" → "Gradient boosting". */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
