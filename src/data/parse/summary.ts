import { REJECT_REASONS, type RejectReason } from './rejectReasons.ts';
import { type Separator, separatorName } from './separator.ts';

/** One reported bad line. */
export interface BadLineReport {
  source: string;
  lineNumber: number;
  reason: RejectReason;
  detail: string;
}

/** What a parse saw: the numbers of the summary printed at the end of a run. */
export interface ParseSummary {
  source: string;
  bytes: number;
  /** Every line, good or bad (a final line without a newline counts). */
  linesRead: number;
  pagesKept: number;
  rejectedTotal: number;
  rejected: Record<RejectReason, number>;
  /** The first bad lines (up to `maxReportedBadLines`), in file order. */
  firstBadLines: BadLineReport[];
  /** null only when the input was empty. */
  separator: Separator | null;
  /** Kept pages with a real item outside p·50 … p·50+49 (kept: the real sample has such pages). */
  pagesWithPositionsOutsidePageWindow: number;
}

/**
 * The summary as readable lines (the CLI prints them).
 *
 * @example
 * console.log(formatParseSummary(summary).join('\n'));
 */
export function formatParseSummary(summary: ParseSummary): string[] {
  const separator = summary.separator === null ? 'none (empty input)' : separatorName(summary.separator);
  const lines = [
    `${summary.source}: ${summary.linesRead} lines, ${summary.pagesKept} pages kept, ` +
      `${summary.rejectedTotal} rejected, separator ${separator}, ${(summary.bytes / 1e6).toFixed(1)} MB`,
  ];
  for (const reason of REJECT_REASONS) {
    if (summary.rejected[reason] > 0) lines.push(`  rejected ${reason}: ${summary.rejected[reason]}`);
  }
  for (const bad of summary.firstBadLines) {
    lines.push(`  line ${bad.lineNumber}: ${bad.reason}: ${bad.detail}`);
  }
  if (summary.rejectedTotal > summary.firstBadLines.length) {
    lines.push(`  … ${summary.rejectedTotal - summary.firstBadLines.length} more bad lines not listed`);
  }
  if (summary.pagesWithPositionsOutsidePageWindow > 0) {
    lines.push(
      `  note: ${summary.pagesWithPositionsOutsidePageWindow} pages have item positions outside their page's ` +
        '50 slots (kept; the real sample shifts some pages by one)',
    );
  }
  return lines;
}
