import { SeparatorDetectionError } from './errors.ts';

/** The column separators the parser accepts, in order of preference. */
export const SEPARATORS = [';', '\t', '|'] as const;
export type Separator = (typeof SEPARATORS)[number];

/** 15 columns: 14 separators per line. */
export const SEPARATORS_PER_LINE = 14;
const LINES_TO_SAMPLE = 20;

/** A readable name for messages (`'tab'` instead of an invisible character). */
export function separatorName(separator: Separator): string {
  return separator === '\t' ? 'tab' : `'${separator}'`;
}

/**
 * Detect the column separator from the first lines of a file: the candidate that appears exactly 14
 * times (15 columns) on at least half of the first non-blank lines (up to 20), so one bad line at the top
 * does not mislead it. Commas never qualify: they separate values inside the item lists.
 *
 * @param head the first bytes of the file (a few lines are enough)
 * @param source the file name, for the error message
 * @throws SeparatorDetectionError when no candidate fits, saying what was counted
 * @example
 * detectSeparator(Buffer.from('0;13;2;1;3;…\n'), 'log.txt'); // ';'
 */
export function detectSeparator(head: Uint8Array, source: string): Separator {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  const lines = text
    .split('\n')
    // The last piece may be a line cut by the end of the sample; keep it only if it is the only one.
    .filter((line, index, all) => (index < all.length - 1 || all.length === 1) && line.trim() !== '')
    .slice(0, LINES_TO_SAMPLE);
  if (lines.length === 0) {
    throw new SeparatorDetectionError(
      `${source}: cannot detect the column separator: the file starts with no complete non-blank line.`,
    );
  }
  const firstLineCounts: string[] = [];
  for (const separator of SEPARATORS) {
    let fitting = 0;
    for (const line of lines) if (countChar(line, separator) === SEPARATORS_PER_LINE) fitting++;
    if (fitting > 0 && fitting * 2 >= lines.length) return separator;
    firstLineCounts.push(`${countChar(lines[0], separator)} × ${separatorName(separator)}`);
  }
  throw new SeparatorDetectionError(
    `${source}: cannot detect the column separator: expected ${SEPARATORS_PER_LINE} separators per line ` +
      `(15 columns) of one of ';', tab or '|' on most of the first ${lines.length} lines, but the first line has ` +
      `${firstLineCounts.join(', ')}. Is this the 15-column behaviour log (see docs/data.md)?`,
  );
}

function countChar(line: string, char: string): number {
  let count = 0;
  for (let i = line.indexOf(char); i !== -1; i = line.indexOf(char, i + 1)) count++;
  return count;
}
